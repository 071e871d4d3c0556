import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager, Knex } from '@mikro-orm/postgresql';
import { type CallerScope, isRegional, type VisibilityRule } from '../db/scope';

/**
 * Adds persons a caller may see beyond its own members, e.g. the placements context lets an
 * employer see the students placed with it. Returns a subquery selecting `person_id`s.
 */
export type PersonVisibilityRule = VisibilityRule;

/**
 * Subquery of the ids of persons the caller may see: members of its own organisation (of any
 * organisation of its region for regional bodies), plus whatever other contexts add.
 */
export function visiblePersonIds(em: EntityManager, caller: CallerScope): Knex.QueryBuilder {
  return visiblePersonIdsQuery((em as unknown as SqlEntityManager).getKnex(), caller);
}

/** {@link visiblePersonIds} from a query builder. */
export function visiblePersonIdsQuery(knex: Knex, caller: CallerScope): Knex.QueryBuilder {
  const own = isRegional(caller)
    ? knex('membership as m').select('m.person_id').join('organization as o', 'o.id', 'm.organization_id').where('o.region', caller.region)
    : knex('membership as m').select('m.person_id').where('m.organization_id', caller.organizationId);
  const extras = caller.visibility.persons.map((rule) => rule(knex, caller)).filter((q): q is Knex.QueryBuilder => q !== undefined);
  // UNION ALL: duplicates do not matter inside IN, and the planner keeps a cheap parameterised semi-join.
  return extras.length === 0 ? own : own.unionAll(extras);
}
