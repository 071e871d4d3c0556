import type { Dictionary, EntityManager, Filter } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/postgresql';
import { type OrganizationKind, REGIONAL_KINDS } from '../shared/organization-kind';

/** MikroORM's filter definition (not exported by name from the package root). */
type FilterDef = Parameters<typeof Filter>[0];

/**
 * Who is asking, as far as visibility goes. Built once per request from the API key and set as
 * the parameters of the `scope` filter on the request's EntityManager. `system` is for the
 * seeder, the CLI and the lab runtime's own writes, never for a request.
 */
export type ScopeParams =
  | { system: true }
  | { system?: false; organizationId: string; kind: OrganizationKind; region: string; visibility: VisibilityRules };

/**
 * Widens what a caller may see beyond its own organisation (and its region for regional bodies):
 * returns a subquery of ids, or undefined when the rule does not apply to this caller.
 */
export type VisibilityRule = (knex: Knex, caller: CallerScope) => Knex.QueryBuilder | undefined;

/**
 * The visibility rules the contexts contribute (see `AppModule.personVisibility` and
 * `workplaceVisibility`), collected by the composition root and carried in every caller's scope.
 */
export interface VisibilityRules {
  /** Subqueries selecting `person_id`s. */
  readonly persons: readonly VisibilityRule[];
  /** Subqueries selecting workplace ids (column `id`). */
  readonly workplaces: readonly VisibilityRule[];
}


/** The caller part of {@link ScopeParams}. */
export type CallerScope = Extract<ScopeParams, { organizationId: string }>;

/** Name of the MikroORM filter that every scoped entity declares. */
export const SCOPE_FILTER = 'scope';

/**
 * Declares an entity's visibility rule as the default `scope` filter. The rule receives the
 * caller and returns a MikroORM condition; system access sees everything. Because the filter is
 * on by default and needs parameters, a query made without a caller fails instead of leaking.
 */
export function scopeRule<T>(rule: (caller: CallerScope, em: EntityManager) => Dictionary): FilterDef {
  return {
    name: SCOPE_FILTER,
    default: true,
    cond: (args: Dictionary, _type: unknown, em: EntityManager) => {
      const params = args as ScopeParams;
      if (params.system) return {};
      return rule(params, em) as Dictionary<T>;
    },
  };
}

/** True when the caller oversees the whole region. */
export function isRegional(caller: CallerScope): boolean {
  return REGIONAL_KINDS.includes(caller.kind);
}

/** Sets the scope of a forked EntityManager. */
export function applyScope(em: EntityManager, params: ScopeParams): EntityManager {
  em.setFilterParams(SCOPE_FILTER, params);
  return em;
}

/**
 * Visibility of a record between an HEI and an employer (an agreement, a placement): its two
 * parties see it, and the regional bodies of either party's region.
 */
export function partiesScope(): FilterDef {
  return scopeRule((caller) =>
    isRegional(caller)
      ? { $or: [{ hei: { region: caller.region } }, { employer: { region: caller.region } }] }
      : { $or: [{ hei: caller.organizationId }, { employer: caller.organizationId }] },
  );
}
