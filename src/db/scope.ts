import type { Dictionary, EntityManager, Filter } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager, Knex } from '@mikro-orm/postgresql';
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
  | {
      system?: false;
      organizationId: string;
      kind: OrganizationKind;
      region: string;
      visibility: VisibilityRules;
      /** True for a LAB_AGENT key: only {@link LAB_AGENT_SCOPE} applies (least privilege). */
      labAgent?: boolean;
      /**
       * The signed-in person, when a person (not a partner system's key) is asking; `reader` when
       * their active membership maps to READER (a student), for rules about a person's own rows.
       */
      person?: { id: string; reader: boolean };
    };

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
    cond: (args: Dictionary, _type: unknown, em: EntityManager, _options?: unknown, entityName?: unknown) => {
      const params = args as ScopeParams;
      if (params.system) return {};
      if (params.labAgent) return labAgentRule(params, em, entityName);
      const own = ownRowsCondition(em, entityName, params);
      const visible = rule(params, em) as Dictionary<T>;
      return own ? ({ $and: [visible, scopeConditionFilter(own)] } as unknown as Dictionary<T>) : visible;
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
 * A visibility rule as data, so the same definition renders two ways: as the MikroORM `scope`
 * filter ({@link visibilityFilter}) and as a SQL predicate for the compiled read path
 * ({@link scopeConditionSql}). Conditions name entity properties (a relation names its foreign
 * key); they never join another table, so a relation the caller may not see can never drop the
 * row that points at it (a subquery of visible ids is used instead).
 */
export type ScopeCondition =
  | { all: true }
  | { or: ScopeCondition[] }
  | { and: ScopeCondition[] }
  | { property: string; equals: string | readonly string[] }
  | { property: string; in: Knex.QueryBuilder };

/** A visibility rule: the caller (never `system`) and a query builder → which rows it may see. */
export type RowVisibility = (caller: CallerScope, knex: Knex) => ScopeCondition;

/** The `scope` filter definition, carrying the rule it was made from (read by the SQL compiler). */
export type VisibilityFilterDef = FilterDef & { visibility: RowVisibility };

function knexOf(em: EntityManager): Knex {
  return (em as unknown as SqlEntityManager).getKnex();
}

/** A {@link ScopeCondition} as a MikroORM filter condition. */
export function scopeConditionFilter(condition: ScopeCondition): Dictionary {
  if ('all' in condition) return {};
  if ('or' in condition) return { $or: condition.or.map(scopeConditionFilter) };
  if ('and' in condition) return { $and: condition.and.map(scopeConditionFilter) };
  if ('in' in condition) return { [condition.property]: { $in: condition.in } };
  return { [condition.property]: typeof condition.equals === 'string' ? condition.equals : { $in: [...condition.equals] } };
}

/**
 * A {@link ScopeCondition} as a SQL predicate over the table alias `alias`; `column` maps a
 * property to its column name. Bindings stay `?` placeholders inside the returned knex raw.
 */
export function scopeConditionSql(condition: ScopeCondition, knex: Knex, alias: string, column: (property: string) => string): Knex.Raw {
  if ('all' in condition) return knex.raw('true');
  if ('or' in condition) {
    if (condition.or.length === 0) return knex.raw('false');
    const parts = condition.or.map((c) => scopeConditionSql(c, knex, alias, column));
    return knex.raw(`(${parts.map(() => '?').join(' or ')})`, parts);
  }
  if ('and' in condition) {
    const parts = condition.and.map((c) => scopeConditionSql(c, knex, alias, column));
    return parts.length === 0 ? knex.raw('true') : knex.raw(`(${parts.map(() => '?').join(' and ')})`, parts);
  }
  const ref = knex.raw('??.??', [alias, column(condition.property)]);
  if ('in' in condition) return knex.raw('? in (?)', [ref, condition.in]);
  if (typeof condition.equals === 'string') return knex.raw('? = ?', [ref, condition.equals]);
  // No value: no row (an empty list would render as invalid SQL).
  if (condition.equals.length === 0) return knex.raw('false');
  return knex.raw('? = any(?)', [ref, [...condition.equals]]);
}

/**
 * Declares an entity's visibility rule, given as a {@link RowVisibility}, as its default
 * `scope` filter; the rule stays readable on the filter definition for the compiled read path.
 */
export function visibilityFilter(rule: RowVisibility): VisibilityFilterDef {
  return {
    ...scopeRule((caller, em) => scopeConditionFilter(rule(caller, knexOf(em)))),
    visibility: rule,
  };
}

/** Ids of the organisations of a region, as a subquery. */
export function organizationsOfRegion(knex: Knex, region: string): Knex.QueryBuilder {
  return knex('organization').select('id').where('region', region);
}

/**
 * Visibility of a record between an HEI and an employer (an agreement, a placement): its two
 * parties see it, and the regional bodies of either party's region — either, not both: the
 * regional test is on the parties' foreign keys, never a join of the parties.
 */
export const partiesVisibility: RowVisibility = (caller, knex) =>
  isRegional(caller)
    ? {
        or: [
          { property: 'hei', in: organizationsOfRegion(knex, caller.region) },
          { property: 'employer', in: organizationsOfRegion(knex, caller.region) },
        ],
      }
    : {
        or: [
          { property: 'hei', equals: caller.organizationId },
          { property: 'employer', equals: caller.organizationId },
        ],
      };

/** The `scope` filter of {@link partiesVisibility}. */
export function partiesScope(): VisibilityFilterDef {
  return visibilityFilter(partiesVisibility);
}

// ——— A student's own rows ———
//
// A person signed in with a READER membership (a student) sees its organisation's catalogue and
// directory like a READER key, but of the records ABOUT students only its own: every scoped entity
// with a `student` relation (placements, logbook entries, readiness records and credentials, exam
// and intermediate-control results, certificates, graduations, enrolments, lab sessions…), and the
// records hanging off one of those by a to-one relation (a placement's work assignments, reviews
// and attachments; a session's evidence). The rule reads the entity's metadata, so an entity added
// later with a `student` column is covered without a line here. Applied on top of the entity's own
// rule, on the ORM path (`scopeRule`) and on the compiled read path (`visibleSql`) alike.

/** The relations through which a record belongs to one student's record (checked in this order). */
const OWNED_THROUGH = ['placement', 'session', 'entry', 'graduation'] as const;

interface RelationMeta {
  kind?: string;
  type?: string;
  fieldNames?: string[];
}

/**
 * The extra condition that limits a student's session to its own rows of `entityName`, or
 * undefined when the caller is not a student person or the entity holds no student's record.
 */
export function ownRowsCondition(em: EntityManager, entityName: unknown, caller: CallerScope, knex: Knex = knexOf(em)): ScopeCondition | undefined {
  if (!caller.person?.reader) return undefined;
  const name = typeof entityName === 'string' ? entityName : (entityName as { name?: string } | undefined)?.name;
  const metadata = em.getMetadata();
  const meta = name ? metadata.find(name) : undefined;
  if (!meta) return undefined;
  const props = meta.properties as unknown as Record<string, RelationMeta | undefined>;
  if (props.student?.kind === 'm:1') return { property: 'student', equals: caller.person.id };
  // A student's own person row is theirs; other people are the organisation's directory.
  for (const through of OWNED_THROUGH) {
    const relation = props[through];
    if (relation?.kind !== 'm:1' || !relation.type) continue;
    const target = metadata.find(relation.type);
    const studentColumn = (target?.properties as unknown as Record<string, RelationMeta | undefined> | undefined)?.student?.fieldNames?.[0];
    if (!target || !studentColumn) continue;
    return { property: through, in: knex(target.tableName).select('id').where(studentColumn, caller.person.id) };
  }
  return undefined;
}

// ——— LAB_AGENT keys: least privilege (issue 12 item 12) ———
//
// A lab agent key runs its lab's agent-run stations: it reads its lab's stations, the sessions on
// them (and their evidence) and its own organisation, nothing else. Every other scoped entity
// (people with their e-mails and phones, memberships, placements, agreements, workplaces,
// readiness records and credentials, API keys, the audit trail) is empty to it: deny by default,
// so an entity added later is hidden from agents until a rule here says otherwise. Unscoped
// catalogue entities (exercises, hazard categories, programmes) stay readable.

/** What a LAB_AGENT key sees of each entity it may read, by entity name; absent = nothing. */
export const LAB_AGENT_SCOPE: Readonly<Record<string, (caller: CallerScope) => Dictionary>> = {
  Organization: (caller) => ({ id: caller.organizationId }),
  Station: (caller) => ({ organization: caller.organizationId }),
  TrainingSession: (caller) => ({ lab: caller.organizationId, station: { runner: 'AGENT' } }),
  SessionEvent: (caller) => ({ session: { lab: caller.organizationId, station: { runner: 'AGENT' } } }),
};

function labAgentRule(caller: CallerScope, em: EntityManager, entityName: unknown): Dictionary {
  const name = typeof entityName === 'string' ? entityName : (entityName as { name?: string } | undefined)?.name;
  const rule = name ? LAB_AGENT_SCOPE[name] : undefined;
  if (rule) return rule(caller);
  // Nothing: no row has a null primary key. Without a name (never seen) also nothing.
  const pk = name ? em.getMetadata().find(name)?.primaryKeys[0] : undefined;
  if (!pk) throw new Error('scope: a lab agent query on an entity without a name');
  return { [pk]: null };
}

/**
 * The caller's visibility as a SQL predicate over `alias`, for aggregate queries written in SQL
 * (indicators, exports, due lists): the same {@link RowVisibility} an entity's `scope` filter is
 * made from, read from the EntityManager's scope parameters. System access sees everything; a
 * LAB_AGENT key nothing. `column` maps a property to its column (default: relations `hei` →
 * `hei_id` as listed in `relations`, others as named). With `entity` (the entity whose rows `alias`
 * ranges over), a student's session sees only its own rows ({@link ownRowsCondition}).
 */
export function scopePredicate(
  em: EntityManager,
  rule: RowVisibility,
  alias: string,
  relations: readonly string[] = ['hei', 'employer', 'program', 'agency'],
  entity?: string,
): Knex.Raw {
  const knex = knexOf(em);
  const params = em.getFilterParams<ScopeParams>(SCOPE_FILTER);
  if (!params || params.system) return knex.raw('true');
  if (params.labAgent) return knex.raw('false');
  const visible = scopeConditionSql(rule(params, knex), knex, alias, (property) => (relations.includes(property) ? `${property}_id` : property));
  // A student's session: only its own rows of `entity` (the conditions name relations: `<property>_id`).
  const own = entity ? ownRowsCondition(em, entity, params, knex) : undefined;
  return own ? knex.raw('(? and ?)', [visible, scopeConditionSql(own, knex, alias, (property) => `${property}_id`)]) : visible;
}
