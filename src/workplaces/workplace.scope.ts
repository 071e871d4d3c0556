import type { Knex } from '@mikro-orm/postgresql';
import type { CallerScope, VisibilityRule } from '../db/scope';

/**
 * Widens who may see a workplace beyond its employer and the regional bodies: e.g. the agreements
 * context lets an HEI see the workplaces of employers it has an agreement with. Returns a
 * subquery selecting workplace ids (column `id`), or undefined when the rule does not apply.
 */
export type WorkplaceVisibilityRule = VisibilityRule;

/** Subqueries of the extra workplace ids the caller may see (possibly none): the modules' rules, carried in the caller's scope. */
export function extraVisibleWorkplaceIds(knex: Knex, caller: CallerScope): Knex.QueryBuilder[] {
  return caller.visibility.workplaces.map((rule) => rule(knex, caller)).filter((q): q is Knex.QueryBuilder => q !== undefined);
}
