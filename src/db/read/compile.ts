import type { EntityManager } from '@mikro-orm/core';
import type { EntityManager as SqlEntityManager, Knex } from '@mikro-orm/postgresql';
import { type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { type CallerScope, LAB_AGENT_SCOPE, ownRowsCondition, SCOPE_FILTER, scopeConditionSql, type ScopeParams, type VisibilityFilterDef } from '../scope';
import { READ_TYPES, type ReadField, type ReadType } from './read-model';

/**
 * Marks an object built by PostgreSQL: its keys are response keys (aliases), see
 * {@link installCompiledReads}. Set in JavaScript by {@link markCompiled} after the row is read,
 * not in the SQL: PostgreSQL builds every argument of a `json_build_object` afresh for each row,
 * and a marker key in each of the placements bench page's 510 objects (10 per placement) was 7 %
 * of its statement's backend CPU and 10 KB of its 37 KB of JSON (measured).
 */
export const COMPILED_KEY: unique symbol = Symbol('compiled');

/**
 * Where a compiled object holds further compiled objects: for each such response key, the shape
 * of what it holds (an object, null, or a list of objects: the same shape for each element).
 */
export type CompiledShape = [responseKey: string, shape: CompiledShape][];

/** Marks `value` (an object or a list of objects read from a compiled statement) and what it nests, as `shape` says. */
export function markCompiled(value: unknown, shape: CompiledShape): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const element of value) markCompiled(element, shape);
    return;
  }
  (value as { [COMPILED_KEY]?: true })[COMPILED_KEY] = true;
  for (const [key, nested] of shape) markCompiled((value as Record<string, unknown>)[key], nested);
}

/** Thrown inside the compiler when a selection has something it does not know; the caller falls back. */
export class NotCompilable extends Error {}

/** One response key of a selection, merged over every field node that asks for it. */
export interface SelectedField {
  responseKey: string;
  fieldName: string;
  nodes: FieldNode[];
}

/** Everything a compilation needs from the request. */
export interface CompileScope {
  knex: Knex;
  em: EntityManager;
  /** The caller, or `undefined` for system access (sees everything). */
  caller: CallerScope | undefined;
  fragments: Record<string, FragmentDefinitionNode>;
  now: Date;
  /** Next free table alias. */
  alias(): string;
}

/** Builds a {@link CompileScope} for a request's EntityManager (the scope is the one the ORM filter uses). */
export function compileScope(em: EntityManager, info: GraphQLResolveInfo, now: Date): CompileScope {
  const params = em.getFilterParams<ScopeParams>(SCOPE_FILTER);
  if (!params) throw new NotCompilable('the EntityManager has no scope');
  let n = 0;
  return {
    knex: (em as unknown as SqlEntityManager).getKnex(),
    em,
    caller: params.system ? undefined : params,
    fragments: info.fragments,
    now,
    alias: () => `t${++n}`,
  };
}

/**
 * The fields a selection set asks of an object of type `typeName`, merged by response key as
 * GraphQL execution merges them. Fragments apply when their type condition is the type or one of
 * `interfaces`. Directives (@include/@skip) and arguments are not compiled.
 */
export function collectFields(
  sets: readonly (SelectionSetNode | undefined)[],
  typeName: string,
  interfaces: readonly string[],
  fragments: Record<string, FragmentDefinitionNode>,
): SelectedField[] {
  const fields = new Map<string, SelectedField>();
  const applies = (condition: string | undefined) => !condition || condition === typeName || interfaces.includes(condition);
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.directives?.length) throw new NotCompilable('directives');
      if (selection.kind === Kind.FIELD) {
        if (selection.arguments?.length) throw new NotCompilable(`arguments of ${selection.name.value}`);
        const responseKey = selection.alias?.value ?? selection.name.value;
        const field = fields.get(responseKey) ?? { responseKey, fieldName: selection.name.value, nodes: [] };
        field.nodes.push(selection);
        fields.set(responseKey, field);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value)) visit(selection.selectionSet);
      } else {
        const fragment = fragments[selection.name.value];
        if (!fragment) throw new NotCompilable('unknown fragment');
        if (applies(fragment.typeCondition.name.value)) visit(fragment.selectionSet);
      }
    }
  };
  sets.forEach(visit);
  return [...fields.values()];
}

/** The interfaces our compiled types implement, for fragments on them. */
const INTERFACES: Record<string, string[]> = {
  Placement: ['Node'],
  Person: ['Node'],
  Organization: ['Node'],
  Workplace: ['Node'],
  HazardCategory: ['Node'],
  Agreement: ['Node'],
};

function fieldsOf(scope: CompileScope, typeName: string, nodes: readonly FieldNode[]): SelectedField[] {
  return collectFields(
    nodes.map((node) => node.selectionSet),
    typeName,
    INTERFACES[typeName] ?? [],
    scope.fragments,
  );
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function readType(typeName: string): ReadType {
  const type = READ_TYPES[typeName];
  if (!type) throw new NotCompilable(`type ${typeName}`);
  return type;
}

/** Table name of an entity, from MikroORM's metadata. */
export function tableOf(scope: CompileScope, entity: string): string {
  return scope.em.getMetadata().find(entity)!.tableName;
}

/**
 * The caller's visibility predicate on rows of `entity` under `alias`, from the entity's own
 * `scope` filter (the same rule the ORM path applies): `true` for system access or an entity
 * without a scope filter. An entity whose filter is not a visibility rule cannot be compiled.
 */
export function visibleSql(scope: CompileScope, entity: string, alias: string): Knex.Raw {
  const meta = scope.em.getMetadata().find(entity);
  if (!meta) throw new NotCompilable(`entity ${entity}`);
  const filter = meta.filters?.[SCOPE_FILTER] as VisibilityFilterDef | undefined;
  if (!filter || !scope.caller) return scope.knex.raw('true');
  // A LAB_AGENT key's least-privilege rule (LAB_AGENT_SCOPE) lives in the ORM filter only: read through it.
  if (scope.caller.labAgent) throw new NotCompilable('a lab agent key reads through the ORM scope');
  if (!filter.visibility) throw new NotCompilable(`the scope of ${entity} is not a visibility rule`);
  const column = (property: string) => {
    const prop = meta.properties[property as never] as { fieldNames?: string[] } | undefined;
    if (!prop?.fieldNames?.[0]) throw new NotCompilable(`property ${entity}.${property}`);
    return prop.fieldNames[0];
  };
  const visible = filter.visibility(scope.caller, scope.knex);
  const own = ownRowsCondition(scope.em, entity, scope.caller, scope.knex);
  return scopeConditionSql(own ? { and: [visible, own] } : visible, scope.knex, alias, column);
}

/**
 * The caller's visibility predicate on rows of `entity` under `alias` for a hand-written statement
 * outside a GraphQL selection (e.g. the clearance statement): the same rule as {@link visibleSql},
 * read from the scope parameters of `em`. A LAB_AGENT key sees only what `LAB_AGENT_SCOPE` lists
 * (on the ORM path); for any other entity it sees nothing here, so the predicate is `false`.
 */
export function visibleToCaller(em: EntityManager, entity: string, alias: string): Knex.Raw {
  const params = em.getFilterParams<ScopeParams>(SCOPE_FILTER);
  if (!params) throw new Error('visibleToCaller: the EntityManager has no scope');
  const knex = (em as unknown as SqlEntityManager).getKnex();
  if (!params.system && params.labAgent) {
    if (LAB_AGENT_SCOPE[entity]) throw new NotCompilable(`a lab agent key reads ${entity} through the ORM scope`);
    return knex.raw('false');
  }
  let n = 0;
  const scope: CompileScope = { knex, em, caller: params.system ? undefined : params, fragments: {}, now: new Date(), alias: () => `v${++n}` };
  return visibleSql(scope, entity, alias);
}

/**
 * Only the own-rows part of the caller's visibility on `entity` (a student's session: its own
 * rows, {@link ownRowsCondition}) as a SQL predicate over `alias`, whose columns are named as
 * `entity`'s; `true` when it does not apply. For a statement that checks the rest of the rule
 * through another entity's predicate.
 */
export function ownRowsToCaller(em: EntityManager, entity: string, alias: string): Knex.Raw {
  const params = em.getFilterParams<ScopeParams>(SCOPE_FILTER);
  const knex = (em as unknown as SqlEntityManager).getKnex();
  if (!params || params.system) return knex.raw('true');
  const own = ownRowsCondition(em, entity, params, knex);
  if (!own) return knex.raw('true');
  const meta = em.getMetadata().find(entity)!;
  return scopeConditionSql(own, knex, alias, (property) => (meta.properties[property as never] as { fieldNames: string[] }).fieldNames[0]);
}

function formatted(expression: string, format: 'date' | 'timestamp' | undefined): string {
  if (format === 'date') return `to_char(${expression}, 'YYYY-MM-DD')`;
  if (format === 'timestamp') return `to_char(${expression} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return expression;
}

function globalIdSql(type: string, uuid: string): string {
  if (!/^[A-Za-z]+$/.test(type)) throw new Error(`not a type name: ${type}`);
  // base64url without padding, as toGlobalId makes it; translate() drops '=' and newlines.
  return `translate(encode(convert_to(${literal(`${type}:`)} || ${uuid}::text, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;
}

/**
 * SQL building the JSON object of one row of `typeName` under `alias`, with exactly the fields
 * selected by `nodes`, keyed by response key. Nested to-one relations and lists are correlated
 * subqueries whose WHERE carries the target's visibility, so an invisible relation is null (a
 * list simply lacks it) and never hides the row.
 */
export function objectSql(scope: CompileScope, typeName: string, alias: string, nodes: readonly FieldNode[], shape: CompiledShape): Knex.Raw {
  const type = readType(typeName);
  const parts: (string | Knex.Raw)[] = [];
  const pairs: string[] = [];
  for (const field of fieldsOf(scope, typeName, nodes)) {
    if (field.fieldName === '__typename') continue; // answered by graphql-js itself
    const read = type.fields[field.fieldName];
    if (!read) throw new NotCompilable(`${typeName}.${field.fieldName}`);
    parts.push(fieldSql(scope, read, alias, field, shape));
    pairs.push(`${literal(field.responseKey)}, ?`);
  }
  // json_build_object takes at most 100 arguments.
  if (pairs.length > 50) throw new NotCompilable('too many fields');
  return scope.knex.raw(`json_build_object(${pairs.join(', ')})`, parts);
}

/** One field's SQL; an object-valued one adds its response key and nested shape to `shape`. */
function fieldSql(scope: CompileScope, read: ReadField, alias: string, field: SelectedField, shape: CompiledShape): Knex.Raw {
  const { knex } = scope;
  const nested = (): CompiledShape => {
    const inner: CompiledShape = [];
    shape.push([field.responseKey, inner]);
    return inner;
  };
  switch (read.kind) {
    case 'column':
      return knex.raw(formatted(`${alias}.${read.column}`, read.format));
    case 'globalId':
      return knex.raw(globalIdSql(read.type, `${alias}.id`));
    case 'globalIdOf':
      return knex.raw(globalIdSql(read.type, `${alias}.${read.column}`));
    case 'computed':
      return knex.raw(formatted(read.sql(alias), read.format), read.bindings(scope.now) as Knex.RawBinding[]);
    case 'json': {
      const typeName = jsonTypeOf(field);
      const type = readType(typeName);
      nested();
      const pairs: string[] = [];
      for (const sub of fieldsOf(scope, typeName, field.nodes)) {
        if (sub.fieldName === '__typename') continue;
        const key = type.fields[sub.fieldName];
        if (!key || key.kind !== 'column') throw new NotCompilable(`${typeName}.${sub.fieldName}`);
        pairs.push(`${literal(sub.responseKey)}, ${alias}.${read.column} ->> ${literal(key.column)}`);
      }
      return knex.raw(`json_build_object(${pairs.join(', ')})`);
    }
    case 'embedded':
      return objectSql(scope, read.type, alias, field.nodes, nested());
    case 'one': {
      const target = readType(read.type);
      const t = scope.alias();
      return knex.raw(`(select ? from ?? as ${t} where ${t}.id = ${alias}.${read.column} and ?)`, [
        objectSql(scope, read.type, t, field.nodes, nested()),
        tableOf(scope, target.entity!),
        visibleSql(scope, target.entity!, t),
      ]);
    }
    case 'many': {
      const target = readType(read.type);
      const t = scope.alias();
      return knex.raw(`coalesce((select json_agg(? order by ${read.orderBy(t)}) from ${read.from(alias, t)} and ?), '[]'::json)`, [
        objectSql(scope, read.type, t, field.nodes, nested()),
        visibleSql(scope, target.entity!, t),
      ]);
    }
  }
}

/** The GraphQL type of a JSON-stored object field; LocalizedText is the one we have. */
function jsonTypeOf(_field: SelectedField): string {
  return 'LocalizedText';
}
