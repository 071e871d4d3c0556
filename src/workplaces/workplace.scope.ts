import type { Knex } from '@mikro-orm/postgresql';
import type { CallerScope } from '../db/scope';

/**
 * Widens who may see a workplace beyond its employer and the regional bodies: e.g. the agreements
 * context lets an HEI see the workplaces of employers it has an agreement with. Returns a
 * subquery selecting workplace ids (column `id`), or undefined when the rule does not apply.
 */
export type WorkplaceVisibilityRule = (knex: Knex, caller: CallerScope) => Knex.QueryBuilder | undefined;

const rules: WorkplaceVisibilityRule[] = [];

/** Registers a {@link WorkplaceVisibilityRule}; contexts call it once at module load. */
export function addWorkplaceVisibilityRule(rule: WorkplaceVisibilityRule): void {
  rules.push(rule);
}

/** Subqueries of the extra workplace ids the caller may see (possibly none). */
export function extraVisibleWorkplaceIds(knex: Knex, caller: CallerScope): Knex.QueryBuilder[] {
  return rules.map((rule) => rule(knex, caller)).filter((q): q is Knex.QueryBuilder => q !== undefined);
}
