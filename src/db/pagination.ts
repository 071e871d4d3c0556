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
  /**
   * Size of the whole filtered list. Lazy where the page comes from {@link paginate}: the count
   * statement runs only when a resolver reads this (GraphQL: only when `totalCount` is selected).
   */
  totalCount: number | Promise<number>;
}

/**
 * Runs a keyset-paginated query (MikroORM's `findByCursor`) and maps rows to API nodes: one
 * statement for the page whatever its size, and a count only when `totalCount` is read. The order ends with `id`, so
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
    if (value != null && !isCursor(value, { ...orderBy, id: 'asc' })) throw new BadUserInputError('not a valid cursor', field);
  }
  let cursor;
  try {
    cursor = await em.findByCursor(entity, where, {
      first: args.first ?? undefined,
      last: args.last ?? undefined,
      after: args.after ?? undefined,
      before: args.before ?? undefined,
      orderBy: { ...orderBy, id: 'asc' } as QueryOrderMap<E>,
      includeCount: false,
    });
  } catch (error) {
    if ((error as Error).name === 'CursorError') throw new BadUserInputError('not a valid cursor', args.after ? 'after' : 'before');
    throw error;
  }
  const edges = cursor.items.map((row) => ({ cursor: cursor.from(row), node: toNode(row as E) }));
  let count: Promise<number> | undefined;
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    // A getter, not a value: GraphQL reads it only when `totalCount` is selected.
    get totalCount() {
      return (count ??= em.count(entity, where));
    },
    pageInfo: {
      hasNextPage: cursor.hasNextPage ?? false,
      hasPreviousPage: cursor.hasPrevPage ?? false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * Whether a cursor value has the shape of the order it pages by: a primitive for each plain sort
 * key, an object with exactly the nested keys for a nested one (`{ name: { en: 'asc' } }`). An
 * object or list where the order has none would reach SQL as an operator (`{ "$gt": … }`).
 */
function matchesOrder(value: unknown, order: unknown): boolean {
  if (order !== null && typeof order === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const keys = Object.keys(order);
    const given = Object.keys(value);
    return (
      given.length === keys.length &&
      keys.every((key) => key in value && matchesOrder((value as Record<string, unknown>)[key], (order as Record<string, unknown>)[key]))
    );
  }
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isCursor(value: string, orderBy: object): boolean {
  try {
    const decoded: unknown = Cursor.decode(value);
    const orders = Object.values(orderBy);
    return Array.isArray(decoded) && decoded.length === orders.length && decoded.every((v, i) => matchesOrder(v, orders[i]));
  } catch {
    return false;
  }
}
