import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, type FragmentDefinitionNode, getOperationAST, type GraphQLObjectType, Kind, type OperationDefinitionNode, parse } from 'graphql';
import { clearanceProjection, COVERAGE_ONLY, type ClearanceProjection } from './clearance.selection';

// The published schema (generated from the code, checked in CI): the projection follows the real
// API's field names and types, as a request's resolve info carries them.
const schema = buildSchema(fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'));

/** The projection of the document's one root field, as its resolver would compute it (`variableValues` as coerced: `$v` false by default). */
function projectionOf(source: string, variableValues: Record<string, unknown> = { v: false }): ClearanceProjection {
  const document = parse(source);
  const operation = getOperationAST(document) as OperationDefinitionNode;
  const root = operation.selectionSet.selections[0];
  if (root.kind !== Kind.FIELD) throw new Error('a field first');
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const returnType = (schema.getQueryType() as GraphQLObjectType).getFields()[root.name.value].type;
  return clearanceProjection({ schema, fragments, variableValues, returnType, fieldNodes: [root] });
}

const PAGE = (categories: string, extra = '') => `query ($v: Boolean = false) { clearances(input: { checks: [] }) {
  clearance { status categories { ${categories} } } userErrors { code } } } ${extra}`;

describe('clearanceProjection', () => {
  test('coverage alone reads no names and no record rows', () => {
    expect(projectionOf(PAGE('code status validUntil'))).toEqual(COVERAGE_ONLY);
    expect(projectionOf(`{ clearance(studentId: "s", workplaceId: "w") { userErrors { code } } }`)).toEqual(COVERAGE_ONLY);
  });

  test('the summary fields of the record are answered without its row', () => {
    expect(projectionOf(PAGE('code readiness { __typename id kind earnedAt validUntil student { id } hazardCategory { code } }'))).toEqual(COVERAGE_ONLY);
  });

  test('any other field of the record reads the whole row', () => {
    expect(projectionOf(PAGE('code readiness { kind score }'))).toEqual({ names: false, records: true });
    expect(projectionOf(PAGE('readiness { policy { version } }'))).toEqual({ names: false, records: true });
  });

  test('names are read when a category name is asked, under any alias', () => {
    expect(projectionOf(PAGE('code label: name { en }'))).toEqual({ names: true, records: false });
    expect(projectionOf(`{ clearance(studentId: "s", workplaceId: "w") { clearance { categories { name { kk } } } } }`)).toEqual({
      names: true,
      records: false,
    });
  });

  test('fragments and inline fragments count as execution counts them', () => {
    const fragment = `fragment R on ReadinessRecord { recordedBy } fragment C on ClearanceCategory { readiness { ...R } }`;
    expect(projectionOf(PAGE('code ...C', fragment))).toEqual({ names: false, records: true });
    expect(projectionOf(PAGE('code ... on ClearanceCategory { name { ru } }'))).toEqual({ names: true, records: false });
    expect(projectionOf(PAGE('readiness { ... on Node { id } }'))).toEqual(COVERAGE_ONLY);
  });

  test('@skip and @include follow the request variables', () => {
    expect(projectionOf(PAGE('code name @include(if: $v) { en } readiness { score @skip(if: true) }'))).toEqual(COVERAGE_ONLY);
    expect(projectionOf(PAGE('code name @include(if: $v) { en }'), { v: true })).toEqual({ names: true, records: false });
  });
});
