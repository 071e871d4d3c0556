import { type FieldNode, getNamedType, type GraphQLObjectType, type GraphQLResolveInfo, isObjectType } from 'graphql';
// graphql-js's own field collection, the one execution runs (fragments, type conditions, @skip and
// @include with the request's variables), so what counts as "asked" here is what gets resolved.
// Not re-exported from the package root in graphql 16; the module is part of its published files.
import { collectSubfields } from 'graphql/execution/collectFields';

/**
 * What a clearance query reads of each hazard category beyond its coverage (code, status, valid
 * until): it decides which columns the clearance statement reads, so a page of 50 clearances that
 * asks only for coverage reads no name and no record row (the coverage itself comes from the
 * index alone, see Migration20261204030000).
 */
export interface ClearanceProjection {
  /** Some category's `name` is asked: the statement reads the hazard categories' names. */
  names: boolean;
  /**
   * Some category's `readiness` asks a field outside {@link RECORD_SUMMARY_FIELDS}: the statement
   * reads the whole record row. Otherwise the record is answered from the columns coverage reads.
   */
  records: boolean;
}

/** Everything: what a caller without a selection at hand gets. */
export const FULL_PROJECTION: ClearanceProjection = Object.freeze({ names: true, records: true });

/** Coverage only (codes, statuses, valid until, and the records' summary fields). */
export const COVERAGE_ONLY: ClearanceProjection = Object.freeze({ names: false, records: false });

/**
 * The fields of a `ReadinessRecord` that a clearance answers without the record's row: its id,
 * kind, earnedAt and validUntil (the columns coverage reads), and its student and hazard category
 * (the pair's student, the category being covered), which resolve through their own loaders.
 */
export const RECORD_SUMMARY_FIELDS: ReadonlySet<string> = new Set(['__typename', 'id', 'kind', 'earnedAt', 'validUntil', 'student', 'hazardCategory']);

/**
 * The projection a `clearance` or `clearances` field's selection needs: follows
 * `clearance → categories → name / readiness` through the schema's types, as execution will.
 */
export function clearanceProjection(
  info: Pick<GraphQLResolveInfo, 'schema' | 'fragments' | 'variableValues' | 'returnType' | 'fieldNodes'>,
): ClearanceProjection {
  /** The field nodes of `name` under `nodes` (fields of `type`), with the type the field returns. */
  const child = (type: GraphQLObjectType, nodes: readonly FieldNode[], name: string): { type: GraphQLObjectType | undefined; nodes: FieldNode[] } => {
    const found: FieldNode[] = [];
    if (nodes.length > 0)
      for (const fieldNodes of collectSubfields(info.schema, info.fragments, info.variableValues, type, nodes).values())
        if (fieldNodes[0].name.value === name) found.push(...fieldNodes);
    const returned = getNamedType(type.getFields()[name]?.type);
    return { type: isObjectType(returned) ? returned : undefined, nodes: found };
  };
  const result = getNamedType(info.returnType);
  if (!isObjectType(result)) return FULL_PROJECTION;
  const clearance = child(result, info.fieldNodes, 'clearance');
  if (!clearance.type) return FULL_PROJECTION;
  const categories = child(clearance.type, clearance.nodes, 'categories');
  if (!categories.type) return FULL_PROJECTION;
  const names = child(categories.type, categories.nodes, 'name').nodes.length > 0;
  const readiness = child(categories.type, categories.nodes, 'readiness');
  if (!readiness.type) return { names, records: true };
  const asked = readiness.nodes.length > 0 ? collectSubfields(info.schema, info.fragments, info.variableValues, readiness.type, readiness.nodes) : new Map();
  const records = [...asked.values()].some((fieldNodes: readonly FieldNode[]) => !RECORD_SUMMARY_FIELDS.has(fieldNodes[0].name.value));
  return { names, records };
}

/** Both projections' columns: a statement that reads for several selections reads what any of them asks. */
export function mergeProjections(a: ClearanceProjection, b: ClearanceProjection): ClearanceProjection {
  return { names: a.names || b.names, records: a.records || b.records };
}
