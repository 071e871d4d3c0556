import type { Dictionary, EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager, Knex } from '@mikro-orm/postgresql';
import { type CallerScope, isRegional, SCOPE_FILTER, type ScopeParams } from '../db/scope';
import { OrganizationKind } from '../shared/organization-kind';

/** No row at all (a caller kind that may not see the table). */
export const NOTHING: Dictionary = { id: { $in: [] } };

function knexOf(em: EntityManager): Knex {
  return (em as unknown as SqlEntityManager).getKnex();
}

/** Subquery of the industry council's own OKED section. */
export function councilIndustry(em: EntityManager, caller: CallerScope): Knex.QueryBuilder {
  return knexOf(em)('organization').select('industry').where('id', caller.organizationId);
}

/**
 * Workforce demand: the employer sees its own; the industry council its branch's in its region;
 * the coordinator and the authority their region; nobody else.
 */
export function demandRule(caller: CallerScope, em: EntityManager): Dictionary {
  if (caller.kind === OrganizationKind.INDUSTRY_COUNCIL) return { region: caller.region, industry: { $in: councilIndustry(em, caller) } };
  if (isRegional(caller)) return { region: caller.region };
  if (caller.kind === OrganizationKind.EMPLOYER) return { employer: caller.organizationId };
  return NOTHING;
}

/** Subquery of the ids of consolidated orders that are PLACED and have a line executed by the caller. */
export function ordersPlacedWith(em: EntityManager, caller: CallerScope): Knex.QueryBuilder {
  return knexOf(em)('order_line as l')
    .select('l.order_id')
    .join('consolidated_order as o', 'o.id', 'l.order_id')
    .where('l.executor_id', caller.organizationId)
    .where('o.status', 'PLACED');
}

/**
 * What the pipeline query may count for a caller, from the request's scope parameters (the same
 * ones every entity filter reads): the regional bodies see their region (the industry council its
 * own industry only); an HEI sees the stages attributable to it (orders placed with it, its
 * control figures); anyone else nothing.
 */
export type PipelineScope =
  { kind: 'region'; region: string; councilId?: string } | { kind: 'hei'; region: string; heiId: string } | { kind: 'none' } | { kind: 'system' };

export function pipelineScope(em: EntityManager): PipelineScope {
  const params = em.getFilterParams<ScopeParams>(SCOPE_FILTER);
  if (!params || params.system) return { kind: 'system' };
  if (params.kind === OrganizationKind.INDUSTRY_COUNCIL) return { kind: 'region', region: params.region, councilId: params.organizationId };
  if (isRegional(params)) return { kind: 'region', region: params.region };
  if (params.kind === OrganizationKind.HEI) return { kind: 'hei', region: params.region, heiId: params.organizationId };
  return { kind: 'none' };
}
