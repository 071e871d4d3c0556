import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { fromGlobalId } from '../graphql/relay';
import { ForbiddenError } from '../shared/errors';
import type { RequestContext } from '../shared/request-context';
import type { IndicatorFilter, IndicatorService } from './indicator.service';
import { IndicatorDefinitionNode, IndicatorFilterInput, IndicatorRefreshNode, IndicatorTableNode, toIndicatorDefinitionNode } from './indicator.types';

/** GraphQL filter input → the service's filter (global ids → row ids). */
export function toIndicatorFilter(input: IndicatorFilterInput | null | undefined): IndicatorFilter {
  if (!input) return {};
  const id = (value: string | undefined, type: string, name: string) => (value ? fromGlobalId(value, type, `filter.${name}`) : undefined);
  return {
    region: input.region,
    heiId: id(input.heiId, 'Organization', 'heiId'),
    employerId: id(input.employerId, 'Organization', 'employerId'),
    programId: id(input.programId, 'Program', 'programId'),
    fromYear: input.fromYear,
    toYear: input.toYear,
  };
}

@Resolver()
export class IndicatorResolver {
  constructor(private readonly indicators: IndicatorService) {}

  @Query(() => [IndicatorDefinitionNode], { description: 'Every regional indicator with its definition in kk/ru/en, its columns and filters.' })
  indicatorDefinitions(): IndicatorDefinitionNode[] {
    return this.indicators.definitions().map(toIndicatorDefinitionNode);
  }

  @Query(() => IndicatorTableNode, {
    description:
      'One indicator computed in PostgreSQL for you: the coordinator, authority and industry council see their region, an HEI its own rows, an employer its own, an agency the programmes it accredits. Download it whole as CSV or XLSX from /exports/indicators/<code>.csv|.xlsx.',
  })
  async indicator(
    @Arg('code', { description: 'Code of the indicator (see indicatorDefinitions).' }) code: string,
    @Arg('filter', () => IndicatorFilterInput, { nullable: true }) filter: IndicatorFilterInput | null,
    @Arg('limit', () => Int, { nullable: true, description: 'At most this many rows (1–5000, default 1000).' }) limit: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<IndicatorTableNode> {
    const { prepared, rows, truncated } = await this.indicators.table(ctx, code, toIndicatorFilter(filter), limit ?? undefined);
    const refresh = prepared.definition.materializedView ? await this.indicators.lastRefresh(ctx, prepared.definition.materializedView) : null;
    return Object.assign(new IndicatorTableNode(), {
      definition: toIndicatorDefinitionNode(prepared.definition),
      rows,
      truncated,
      refreshedAt: refresh?.refreshedAt,
      refreshMs: refresh?.durationMs,
    });
  }

  @Mutation(() => [IndicatorRefreshNode], { description: 'Refreshes the materialized indicators now (regional ADMIN keys); they also refresh on a schedule.' })
  async refreshIndicators(@Ctx() ctx: RequestContext): Promise<IndicatorRefreshNode[]> {
    if (!this.indicators.mayRefresh(ctx)) throw new ForbiddenError('Only the regional bodies’ ADMIN keys refresh indicators');
    const rows = await this.indicators.refresh(ctx.em.fork({ disableContextResolution: true }), () => ctx.clock.now());
    return rows.map((r) => Object.assign(new IndicatorRefreshNode(), r));
  }
}
