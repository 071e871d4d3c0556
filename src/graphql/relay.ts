import type { Page, PageRequest } from '../db/pagination';
import { type ClassType, ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { BadUserInputError } from '../shared/errors';

/**
 * Relay global ids: base64url of `Type:uuid`. Opaque to partners, stable for us, and they carry
 * the type so `node(id:)` knows where to look.
 */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A decoded global id. `undefined` when the text is not a global id of ours. */
export function decodeGlobalId(globalId: string): { type: string; id: string } | undefined {
  // Only the one canonical spelling is an id: base64 decoding ignores trailing bytes, padding and
  // foreign characters, so "the same id" could otherwise be written many ways.
  if (!/^[A-Za-z0-9_-]+$/.test(globalId)) return undefined;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  if (Buffer.from(decoded, 'utf8').toString('base64url') !== globalId) return undefined;
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  const type = decoded.slice(0, colon);
  const id = decoded.slice(colon + 1);
  return UUID.test(id) ? { type, id } : undefined;
}

/**
 * The row id behind a global id of the expected type. Throws a BAD_USER_INPUT error naming the
 * field for anything else, so a malformed id is never a 500.
 */
export function fromGlobalId(globalId: string, expectedType: string, field = 'id'): string {
  const decoded = decodeGlobalId(globalId);
  if (!decoded || decoded.type !== expectedType) {
    throw new BadUserInputError(`not a valid ${expectedType} id`, field);
  }
  return decoded.id;
}

/** Like {@link fromGlobalId}, but `undefined` instead of throwing: for userErrors. */
export function tryGlobalId(globalId: string, expectedType: string): string | undefined {
  const decoded = decodeGlobalId(globalId);
  return decoded && decoded.type === expectedType ? decoded.id : undefined;
}

import { MAX_PAGE_SIZE } from '../db/pagination';

export { MAX_PAGE_SIZE };

/** Relay cursor arguments, shared by every connection. */
@ArgsType()
export class ConnectionArgs implements PageRequest {
  @Field(() => Int, { nullable: true, description: `Return the first n items (at most ${MAX_PAGE_SIZE}).` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor.' })
  after?: string;

  @Field(() => Int, { nullable: true, description: `Return the last n items (at most ${MAX_PAGE_SIZE}).` })
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  last?: number;

  @Field(() => String, { nullable: true, description: 'Return items before this cursor.' })
  before?: string;
}

@ObjectType({ description: 'Where a page sits in the whole list (Relay cursor connections).' })
export class PageInfo {
  @Field({ description: 'Whether more items follow this page.' }) hasNextPage!: boolean;
  @Field({ description: 'Whether items precede this page.' }) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page; null when the page is empty.' }) startCursor!: string | null;
  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the page; null when the page is empty.' }) endCursor!: string | null;
}

/** The shape every connection object has, whatever its node type. */
export type Connection<N> = Page<N>;

/**
 * Makes the `XConnection` and `XEdge` GraphQL types for a node type. One call per node type,
 * at module load.
 */
export function connectionType<N extends object>(nodeType: ClassType<N>, name: string): ClassType<Connection<N>> {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this item, for `after`/`before`.' }) cursor!: string;
    @Field(() => nodeType, { description: `The ${name}.` }) node!: N;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class ConnectionImpl implements Connection<N> {
    @Field(() => [Edge], { description: 'The items of the page, each with its cursor.' }) edges!: Edge[];
    @Field(() => [nodeType], { description: 'The items of the page, without cursors.' }) nodes!: N[];
    @Field(() => PageInfo, { description: 'Cursors and whether there are more pages.' }) pageInfo!: PageInfo;
    @Field(() => Int, { description: 'Number of items in the whole filtered list (counted only when selected).' }) totalCount!: number | Promise<number>;
  }
  return ConnectionImpl;
}
