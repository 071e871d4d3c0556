import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { scopePredicate } from '../db/scope';
import { positional } from '../demand';
import { BadUserInputError } from '../shared/errors';
import { callerOf } from '../shared/permissions';
import type { RequestContext } from '../shared/request-context';
import { type IndicatorDefinition, type IndicatorFilterName, indicatorByCode, INDICATORS } from './indicator.definitions';
import { IndicatorRefresh } from './indicator-refresh.entity';

/** What an indicator is asked for: every field optional; an indicator refuses filters it does not list. */
export type IndicatorFilter = Partial<Record<'region' | 'heiId' | 'employerId' | 'programId', string | null> & Record<'fromYear' | 'toYear', number | null>>;

/** An indicator's statement, ready to run (or to stream), with the columns it returns. */
export interface PreparedIndicator {
  definition: IndicatorDefinition;
  columns: string[];
  query: Knex.Raw;
}

/** Materialized views behind indicators, refreshed by {@link IndicatorService.refresh}. */
export const MATERIALIZED_VIEWS = [...new Set(INDICATORS.flatMap((i) => (i.materializedView ? [i.materializedView] : [])))];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILTER_FIELDS: Record<IndicatorFilterName, string> = {
  region: 'region',
  heiId: 'hei',
  employerId: 'employer',
  programId: 'program',
  fromYear: 'fromYear',
  toYear: 'toYear',
};

/**
 * Regional indicators, computed in PostgreSQL: one statement per indicator, scoped by the
 * caller's visibility over the indicator's base table (the same rule as the table's entity
 * filter, rendered into the SQL by `scopePredicate`), never by loading rows into Node.
 */
export class IndicatorService {
  /** Every indicator's definition. */
  definitions(): readonly IndicatorDefinition[] {
    return INDICATORS;
  }

  /**
   * Checks the code, the filter and the columns before anything runs (a clear BAD_USER_INPUT
   * naming the field otherwise), and builds the scoped statement. `columns` picks and orders the
   * columns (default all).
   */
  prepare(ctx: RequestContext, code: string, filter: IndicatorFilter = {}, columns?: readonly string[], field = 'filter'): PreparedIndicator {
    const definition = indicatorByCode(code);
    if (!definition) throw new BadUserInputError(`Unknown indicator ${code}; known: ${INDICATORS.map((i) => i.code).join(', ')}`, 'code');
    return this.prepareDefinition(ctx, definition, filter, columns, field);
  }

  /** {@link prepare} for any definition of the same shape (the exports' lists use it too). */
  prepareDefinition(
    ctx: RequestContext,
    definition: IndicatorDefinition,
    filter: IndicatorFilter = {},
    columns?: readonly string[],
    field = 'filter',
  ): PreparedIndicator {
    const params: Record<string, unknown> = { region: null, hei: null, employer: null, program: null, fromYear: null, toYear: null };
    for (const [name, value] of Object.entries(filter)) {
      if (value === null || value === undefined) continue;
      if (!(name in FILTER_FIELDS) || !definition.filters.includes(name as IndicatorFilterName))
        throw new BadUserInputError(`${definition.code} takes no filter ${name}; it takes ${definition.filters.join(', ')}`, `${field}.${name}`);
      if (name.endsWith('Id') && (typeof value !== 'string' || !UUID.test(value))) throw new BadUserInputError(`${name} is not an id`, `${field}.${name}`);
      if (name.endsWith('Year') && (!Number.isInteger(value) || (value as number) < 2000 || (value as number) > 2100))
        throw new BadUserInputError(`${name} is a year 2000–2100`, `${field}.${name}`);
      params[FILTER_FIELDS[name as IndicatorFilterName]] = value;
    }
    const known = definition.columns.map((c) => c.name);
    const picked = columns?.length ? [...columns] : known;
    const unknown = picked.filter((c) => !known.includes(c));
    if (unknown.length) throw new BadUserInputError(`${definition.code} has no column ${unknown.join(', ')}; it has ${known.join(', ')}`, 'columns');
    params.scope = scopePredicate(ctx.em, definition.visibility, definition.scopeAlias, definition.relations, definition.entity);
    const inner = positional(definition.sql, params);
    const knex = ctx.em.getKnex();
    const select = picked.map((c) => `t."${c}"`).join(', ');
    const query = knex.raw(`select ${select} from (${inner.sql}) t`, inner.bindings as never[]);
    return { definition, columns: picked, query };
  }

  /** Runs an indicator and returns at most `limit` rows (and whether there were more). */
  async table(
    ctx: RequestContext,
    code: string,
    filter: IndicatorFilter,
    limit = 1000,
  ): Promise<{ prepared: PreparedIndicator; rows: Record<string, unknown>[]; truncated: boolean }> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) throw new BadUserInputError('limit is 1 to 5000', 'limit');
    const prepared = this.prepare(ctx, code, filter);
    const knex = ctx.em.getKnex();
    const rows = await ctx.em.execute<Record<string, unknown>[]>(knex.raw(`select * from (?) q limit ?`, [prepared.query, limit + 1]));
    return { prepared, rows: rows.slice(0, limit), truncated: rows.length > limit };
  }

  /** The last refresh of a materialized view, if any. */
  lastRefresh(ctx: RequestContext, view: string): Promise<IndicatorRefresh | null> {
    return ctx.em.findOne(IndicatorRefresh, { view });
  }

  /**
   * Refreshes every materialized indicator view (CONCURRENTLY: readers are never blocked) and
   * records when and how long it took. Run at start-up after seeding, on the schedule of the
   * indicators worker, and by `refreshIndicators`. Only system contexts and regional ADMIN keys.
   */
  async refresh(em: EntityManager, now: () => Date = () => new Date()): Promise<IndicatorRefresh[]> {
    const done: IndicatorRefresh[] = [];
    for (const view of MATERIALIZED_VIEWS) {
      const started = process.hrtime.bigint();
      await em.execute(`refresh materialized view concurrently "${view}"`);
      const durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
      const [{ n }] = await em.execute<{ n: number }[]>(`select count(*)::int as n from "${view}"`);
      const row = (await em.findOne(IndicatorRefresh, { view })) ?? em.create(IndicatorRefresh, { view, refreshedAt: now(), durationMs, rows: n! });
      Object.assign(row, { refreshedAt: now(), durationMs, rows: n });
      done.push(row);
    }
    await em.flush();
    return done;
  }

  /** Whether the caller may ask for a refresh (regional bodies' ADMIN keys; system). */
  mayRefresh(ctx: RequestContext): boolean {
    const caller = callerOf(ctx);
    return !caller || (caller.role === 'ADMIN' && ['COORDINATOR', 'AUTHORITY'].includes(caller.organizationKind));
  }
}
