import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { runMutation } from '../db/mutation';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { HazardCategory } from '../hazards';
import { Exercise } from '../lab';
import { OrganizationKind } from '../organizations';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import { actorOf, type RequestContext } from '../shared/request-context';
import { ReadinessErrorCode, readinessViolation, type ReadinessViolation } from './readiness.messages';
import { ReadinessMode, ReadinessPolicy, type RefresherRule } from './readiness-policy.entity';
import { policyProblems } from './readiness.rules';

/** A new version of a category's policy, as the API asks for it. */
export interface PolicyChange {
  hazardCategoryCode: string;
  mode: ReadinessMode;
  exercises: string[];
  minScore: number;
  validityDays: number;
  refresher?: RefresherRule | null;
  manualAllowed?: boolean | null;
  note?: string | null;
}

/** Filters of {@link ReadinessPolicyService.list}. */
export interface PolicyQuery {
  hazardCategoryCode?: string;
  /** Every version, not only the current one. */
  allVersions?: boolean;
}

const EDITORS: readonly string[] = [OrganizationKind.COORDINATOR, OrganizationKind.INDUSTRY_COUNCIL];

/**
 * Readiness policies: one current version per hazard category, changed only by adding the next
 * version. Policies are public rules; every caller may read them.
 */
export class ReadinessPolicyService {
  /** The current (highest) version of every category's policy. A small table: one statement. */
  async currentPolicies(ctx: RequestContext): Promise<ReadinessPolicy[]> {
    return ctx.em.find(ReadinessPolicy, { id: { $in: this.currentIds(ctx) as never } }, { populate: ['hazardCategory'] });
  }

  /** The current policy of a hazard category (by row id), batched through the request's loader. */
  currentFor(ctx: RequestContext, hazardCategoryId: string): Promise<ReadinessPolicy | null> {
    return ctx.loaders
      .custom<string, ReadinessPolicy | null>('ReadinessPolicy.current', async (ids) => {
        const rows = await ctx.em.find(ReadinessPolicy, { id: { $in: this.currentIds(ctx) as never }, hazardCategory: { $in: [...ids] } });
        const byCategory = new Map(rows.map((r) => [r.hazardCategory.id, r]));
        return ids.map((id) => byCategory.get(id) ?? null);
      })
      .load(hazardCategoryId);
  }

  /** A page of policies (current ones unless `allVersions`), by category then newest version first. */
  list<N>(ctx: RequestContext, query: PolicyQuery, page: PageRequest, toNode: (row: ReadinessPolicy) => N): Promise<Page<N>> {
    const where: FilterQuery<ReadinessPolicy> = {};
    if (!query.allVersions) where.id = { $in: this.currentIds(ctx) as never };
    if (query.hazardCategoryCode) where.hazardCategory = { code: query.hazardCategoryCode };
    return paginate(ctx.em, ReadinessPolicy, where, page, { hazardCategory: 'asc', version: 'desc' }, toNode);
  }

  /**
   * Makes the next version of a category's policy (coordinator or industry council, write key).
   * Exercises must exist in the catalogue. Two concurrent changes of one category cannot both
   * win: the (category, version) unique key refuses the second with CONCURRENT_CHANGE.
   */
  async change(ctx: RequestContext, input: PolicyChange): Promise<Outcome<ReadinessPolicy, ReadinessErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const caller = callerOf(ctx);
    if (caller && !EDITORS.includes(caller.organizationKind)) {
      return refuse(readinessViolation(['input', 'hazardCategoryCode'], ReadinessErrorCode.POLICY_EDIT_NOT_ALLOWED));
    }
    const refusals: ReadinessViolation[] = [];
    const category = await ctx.em.findOne(HazardCategory, { code: input.hazardCategoryCode });
    if (!category) refusals.push(readinessViolation(['input', 'hazardCategoryCode'], ReadinessErrorCode.HAZARD_CATEGORY_NOT_FOUND));
    const manualAllowed = input.manualAllowed ?? true;
    const terms = {
      mode: input.mode,
      exercises: input.exercises,
      minScore: input.minScore,
      validityDays: input.validityDays,
      refresher: input.refresher ?? null,
      manualAllowed,
    };
    const codeOf = {
      SCORE: ReadinessErrorCode.INVALID_SCORE,
      VALIDITY: ReadinessErrorCode.INVALID_VALIDITY,
      UNSATISFIABLE: ReadinessErrorCode.POLICY_UNSATISFIABLE,
      REFRESHER: ReadinessErrorCode.INVALID_REFRESHER,
      DUPLICATE: ReadinessErrorCode.DUPLICATE_EXERCISE,
    } as const;
    for (const problem of policyProblems(terms)) refusals.push(readinessViolation(['input', problem.field], codeOf[problem.reason]));
    const named = [...input.exercises, ...(input.refresher?.exercises ?? [])];
    const known = new Set(named.length ? (await ctx.em.find(Exercise, { code: { $in: named } }, { fields: ['code'] })).map((e) => e.code) : []);
    input.exercises.forEach((id, i) => {
      if (!known.has(id)) refusals.push(readinessViolation(['input', 'exercises', String(i)], ReadinessErrorCode.UNKNOWN_EXERCISE, id));
    });
    input.refresher?.exercises.forEach((id, i) => {
      if (!known.has(id)) refusals.push(readinessViolation(['input', 'refresher', 'exercises', String(i)], ReadinessErrorCode.UNKNOWN_EXERCISE, id));
    });
    if (refusals.length > 0) return refuse(...refusals);

    const outcome = await runMutation(
      ctx,
      async (tx) => {
        const latest = await tx.em.findOne(ReadinessPolicy, { hazardCategory: category! }, { orderBy: { version: 'desc' } });
        return succeed(
          tx.em.create(ReadinessPolicy, {
            hazardCategory: category!,
            version: (latest?.version ?? 0) + 1,
            ...terms,
            refresher: input.refresher ?? undefined,
            note: input.note?.trim() || undefined,
            changedBy: caller ? actorOf(caller) : 'system',
          }),
        );
      },
      { unique: { readiness_policy_category_version: () => readinessViolation(['input', 'hazardCategoryCode'], ReadinessErrorCode.CONCURRENT_CHANGE) } },
    );
    if (outcome.ok) ctx.log.info({ hazardCategory: category!.code, version: outcome.value.version }, 'readiness policy changed');
    return outcome;
  }

  /** Subquery of the ids of the current version of each category's policy. */
  private currentIds(ctx: RequestContext) {
    return (ctx.em as unknown as SqlEntityManager)
      .getKnex()
      .select('id')
      .distinctOn('hazard_category_id')
      .from('readiness_policy')
      .orderBy([{ column: 'hazard_category_id' }, { column: 'version', order: 'desc' }]);
  }
}
