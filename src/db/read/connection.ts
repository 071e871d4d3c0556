import { Cursor } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import { BadUserInputError } from '../../shared/errors';
import type { RequestContext } from '../../shared/request-context';
import type { Page, PageRequest } from '../pagination';
import { SCOPE_FILTER } from '../scope';
import { collectFields, type CompiledShape, compileScope, type CompileScope, markCompiled, NotCompilable, objectSql, tableOf, visibleSql } from './compile';
import { NOW, queryPrepared, statementOf, type Statement } from './prepared';

/** One key of a list's order: a column and its direction. The last key must be unique (`id`). */
export interface OrderKey {
  column: string;
  direction: 'asc' | 'desc';
  /** SQL type of the key, for the cursor's value (`date`, `uuid`, `text`, `timestamptz`). */
  type: 'date' | 'uuid' | 'text' | 'timestamptz';
}

/** What a compiled connection reads: a GraphQL node type, its order, and its filters as SQL over `alias`. */
export interface ConnectionSource {
  nodeType: string;
  entity: string;
  order: readonly OrderKey[];
  /** Extra predicates over the root alias (the list's filters); `?` bindings. */
  where?: (alias: string, knex: Knex) => Knex.Raw[];
  /** Identifies the filters for the plan cache (e.g. their JSON); without it nothing is cached. */
  key?: string;
}

const CURSOR_VALUE: Record<OrderKey['type'], RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  text: /^/,
  timestamptz: /^\d{4}-\d{2}-\d{2}T/,
};

function cursorValues(order: readonly OrderKey[], value: string, field: 'after' | 'before'): string[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw new BadUserInputError('not a valid cursor', field);
  }
  if (!Array.isArray(decoded) || decoded.length !== order.length || !decoded.every((v, i) => typeof v === 'string' && CURSOR_VALUE[order[i].type].test(v))) {
    throw new BadUserInputError('not a valid cursor', field);
  }
  return decoded as string[];
}

/** Rows strictly after (`forward`) or before the cursor in the list's order, as a keyset predicate. */
function keyset(knex: Knex, alias: string, order: readonly OrderKey[], values: string[], forward: boolean): Knex.Raw {
  const ors: Knex.Raw[] = order.map((key, i) => {
    const equal = order.slice(0, i).map((k, j) => knex.raw(`${alias}.${k.column} = ?::${k.type}`, [values[j]]));
    const greater = (key.direction === 'asc') === forward;
    const step = knex.raw(`${alias}.${key.column} ${greater ? '>' : '<'} ?::${key.type}`, [values[i]]);
    return knex.raw(`(${[...equal, step].map(() => '?').join(' and ')})`, [...equal, step]);
  });
  return knex.raw(`(${ors.map(() => '?').join(' or ')})`, ors);
}

function orderSql(alias: string, order: readonly OrderKey[], reverse: boolean): string {
  return order.map((k) => `${alias}.${k.column} ${(k.direction === 'desc') !== reverse ? 'desc' : 'asc'}`).join(', ');
}

let readPath: 'compiled' | 'orm' = 'compiled';

/** Chooses the read path of this process (config `READ_PATH`); `orm` turns the compiler off. */
export function setReadPath(path: 'compiled' | 'orm'): void {
  readPath = path;
}

/**
 * Answers a connection field in one SQL statement that builds every node's JSON in PostgreSQL
 * (plus one count, only when `totalCount` is selected), or returns `undefined` when the
 * selection holds a field the compiler does not know — then the caller uses the ORM path.
 * Paging follows {@link paginate} exactly: the same cursors, `first` 20 by default, one extra
 * row to tell whether more follow.
 */
export async function compiledConnection(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  source: ConnectionSource,
  args: PageRequest,
): Promise<Page<unknown> | undefined> {
  if (readPath === 'orm') return undefined;
  // A LAB_AGENT key's least-privilege rule is applied by the ORM scope filter only (src/db/scope.ts).
  if ((ctx.em.getFilterParams(SCOPE_FILTER) as { labAgent?: boolean } | undefined)?.labAgent) return undefined;
  if (args.first == null && args.last == null) args = { ...args, first: 20 };
  if (args.first != null && args.last != null) throw new BadUserInputError('use either first or last, not both', 'first');
  const plan = planFor(ctx, info, source, args);
  if (!plan) return undefined;
  const { order } = source;
  const now = ctx.clock.now();
  const rows = await queryPrepared<Record<string, unknown> & { node: Record<string, unknown> }>(ctx.em, plan.page, now);
  for (const row of rows) markCompiled(row.node, plan.shape);
  const more = rows.length > plan.limit;
  if (more) {
    if (plan.backward) rows.shift();
    else rows.pop();
  }
  const edges = rows.map((row) => ({ cursor: Cursor.encode(order.map((_, i) => row[`k${i}`])), node: row.node }));
  let count: Promise<number> | undefined;
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    get totalCount() {
      return (count ??= queryPrepared<{ n: number }>(ctx.em, plan.count, now).then((r) => r[0].n));
    },
    pageInfo: {
      hasNextPage: plan.backward ? args.before != null : more,
      hasPreviousPage: plan.backward ? more : args.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** The two statements of a compiled page, ready to run (the clock's moment still a placeholder). */
interface Plan {
  page: Statement;
  count: Statement;
  limit: number;
  backward: boolean;
  /** Where a node holds compiled objects ({@link markCompiled}). */
  shape: CompiledShape;
}

/**
 * Compiled plans by field node and by caller + arguments. Apollo keeps one parsed document per
 * query text, so its field nodes recur from request to request and the compiler runs once per
 * shape of request, not per request. `null` remembers "not compilable".
 */
const plans = new WeakMap<object, Map<string, Plan | null>>();
const PLANS_PER_FIELD = 200;

function planFor(ctx: RequestContext, info: GraphQLResolveInfo, source: ConnectionSource, args: PageRequest): Plan | undefined {
  const field = info.fieldNodes[0];
  const key =
    info.fieldNodes.length === 1 && source.key !== undefined
      ? JSON.stringify([ctx.em.getFilterParams(SCOPE_FILTER), source.nodeType, source.key, args.first, args.last, args.after, args.before])
      : undefined;
  let byKey = plans.get(field);
  if (key !== undefined && byKey?.has(key)) return byKey.get(key) ?? undefined;
  const plan = compilePlan(ctx, info, source, args);
  if (key !== undefined) {
    if (!byKey) plans.set(field, (byKey = new Map()));
    if (byKey.size >= PLANS_PER_FIELD) byKey.delete(byKey.keys().next().value as string);
    byKey.set(key, plan ?? null);
  }
  return plan;
}

function compilePlan(ctx: RequestContext, info: GraphQLResolveInfo, source: ConnectionSource, args: PageRequest): Plan | undefined {
  let scope: CompileScope;
  let nodeSql: Knex.Raw;
  const shape: CompiledShape = [];
  try {
    scope = compileScope(ctx.em, info, NOW);
    const connectionFields = collectFields(
      info.fieldNodes.map((n) => n.selectionSet),
      `${source.nodeType}Connection`,
      [],
      info.fragments,
    );
    const nodeFields = [];
    for (const field of connectionFields) {
      if (field.fieldName === 'nodes') nodeFields.push(...field.nodes);
      else if (field.fieldName === 'edges') {
        const edgeType = `${source.nodeType}Edge`;
        for (const edge of collectFields(
          field.nodes.map((n) => n.selectionSet),
          edgeType,
          [],
          info.fragments,
        )) {
          if (edge.fieldName === 'node') nodeFields.push(...edge.nodes);
          else if (edge.fieldName !== 'cursor' && edge.fieldName !== '__typename') throw new NotCompilable(`${edgeType}.${edge.fieldName}`);
        }
      } else if (!['totalCount', 'pageInfo', '__typename'].includes(field.fieldName)) throw new NotCompilable(field.fieldName);
    }
    nodeSql = objectSql(scope, source.nodeType, 'page', nodeFields, shape);
  } catch (error) {
    if (error instanceof NotCompilable) return undefined;
    throw error;
  }
  const { knex } = scope;
  const { order } = source;
  const backward = args.first == null;
  const limit = (args.first ?? args.last)!;
  const table = tableOf(scope, source.entity);
  const filters = [visibleSql(scope, source.entity, 'r'), ...(source.where?.('r', knex) ?? [])];
  const paging = [...filters];
  if (args.after != null) paging.push(keyset(knex, 'r', order, cursorValues(order, args.after, 'after'), true));
  if (args.before != null) paging.push(keyset(knex, 'r', order, cursorValues(order, args.before, 'before'), false));
  const keys = order.map((k, i) => (k.type === 'date' ? `to_char(page.${k.column}, 'YYYY-MM-DD') as k${i}` : `page.${k.column}::text as k${i}`)).join(', ');
  const page = knex.raw(
    `select ${keys}, ? as node from (select r.* from ?? as r where ${paging.map(() => '?').join(' and ')} order by ${orderSql('r', order, backward)} limit ?) as page order by ${orderSql('page', order, false)}`,
    [nodeSql, table, ...paging, limit + 1],
  );
  const count = knex.raw(`select count(*)::int as n from ?? as r where ${filters.map(() => '?').join(' and ')}`, [table, ...filters]);
  return { page: statementOf(page), count: statementOf(count), limit, backward, shape };
}
