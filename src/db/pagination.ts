import { Cursor, type EntityManager, type EntityName, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import { BadUserInputError } from '../shared/errors';

/** Largest page a list returns. */
export const MAX_PAGE_SIZE = 100;

/** Relay-style page request: `first`/`after` forwards or `last`/`before` backwards. */
export interface PageRequest {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** One page of a list, in the Relay connection shape. */
export interface Page<N> {
  edges: { cursor: string; node: N }[];
  nodes: N[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/**
 * Runs a keyset-paginated query (MikroORM's `findByCursor`) and maps rows to API nodes. Always
 * two statements, a page and a count, whatever the page size. The order ends with `id`, so
 * cursors are stable when the sort key repeats.
 */
export async function paginate<E extends { id: string }, N>(
  em: EntityManager,
  entity: EntityName<E>,
  where: FilterQuery<E>,
  args: PageRequest,
  orderBy: QueryOrderMap<E>,
  toNode: (row: E) => N,
): Promise<Page<N>> {
  if (args.first == null && args.last == null) args = { ...args, first: 20 };
  if (args.first != null && args.last != null) throw new BadUserInputError('use either first or last, not both', 'first');
  for (const field of ['after', 'before'] as const) {
    const value = args[field];
    if (value != null && !isCursor(value)) throw new BadUserInputError('not a valid cursor', field);
  }
  let cursor;
  try {
    cursor = await em.findByCursor(entity, where, {
      first: args.first ?? undefined,
      last: args.last ?? undefined,
      after: args.after ?? undefined,
      before: args.before ?? undefined,
      orderBy: { ...orderBy, id: 'asc' } as QueryOrderMap<E>,
      includeCount: true,
    });
  } catch (error) {
    if ((error as Error).name === 'CursorError') throw new BadUserInputError('not a valid cursor', args.after ? 'after' : 'before');
    throw error;
  }
  const edges = cursor.items.map((row) => ({ cursor: cursor.from(row), node: toNode(row as E) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    totalCount: cursor.totalCount,
    pageInfo: {
      hasNextPage: cursor.hasNextPage ?? false,
      hasPreviousPage: cursor.hasPrevPage ?? false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

function isCursor(value: string): boolean {
  try {
    // A cursor is a list of sort-key values: an object or list inside one would reach SQL as an operator.
    const decoded: unknown = Cursor.decode(value);
    return Array.isArray(decoded) && decoded.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
  } catch {
    return false;
  }
}
