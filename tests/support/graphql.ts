/**
 * Typed GraphQL documents for tests: `graphql(\`query … \`)` is typed from schema/schema.graphql
 * (through the generated `graphql-env.d.ts`, made by `npm run tests:gen`, which `npm run
 * typecheck` runs first), as the console's documents are (web/src/graphql.ts). A field the schema
 * does not have, a variable of the wrong type, or a test reading a field the document does not
 * select fails `npm run typecheck`. `api.gql`, `Transport.run` and {@link subscribeOnce} infer
 * data and variables from the document.
 *
 * A test that sends a document the API must refuse (validation, limits, masking) sends a string
 * through `api.rawGql` instead: such a document cannot be typed, by design.
 */
import { print } from 'graphql';
import { initGraphQLTada, type ResultOf, type TadaDocumentNode, type VariablesOf } from 'gql.tada';
import type { introspection } from './graphql-env';

/** A document typed from the schema; see the file comment. */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTimeISO: string; JSONObject: Record<string, any>; JSON: any };
  // Tests read fields where they select them, fragments included: no fragment masking.
  disableMasking: true;
}>();
export type { ResultOf, TadaDocumentNode, VariablesOf };
export { readFragment } from 'gql.tada';

/** Any typed document. */
export type AnyDocument = TadaDocumentNode<any, any>;

/**
 * The variables argument of a typed document, as a rest tuple: optional when the document
 * declares no required variable, required otherwise.
 */
export type VariablesArg<D extends AnyDocument> = Record<string, never> extends VariablesOf<D> ? [variables?: VariablesOf<D>] : [variables: VariablesOf<D>];

/** The source text of a document (typed or plain) as the server receives it. */
export function sourceOf(document: string | AnyDocument): string {
  return typeof document === 'string' ? document : print(document);
}

/**
 * The object a `node(id:)` (or `nodes(ids:)`) answer holds, as the type the test expects (the
 * inline fragment `... on T` it selected): null fails here, and so does another type when the
 * document selects `__typename`.
 */
export function ofType<N extends { __typename?: string } | null | undefined, T extends NonNullable<NonNullable<N>['__typename']>>(
  node: N,
  typename: T,
): Extract<NonNullable<N>, { __typename?: T }> {
  if (node === null || node === undefined) throw new Error(`expected a ${typename}, got ${String(node)}`);
  if (node.__typename !== undefined && node.__typename !== typename) throw new Error(`expected a ${typename}, got a ${node.__typename}`);
  return node as Extract<NonNullable<N>, { __typename?: T }>;
}
