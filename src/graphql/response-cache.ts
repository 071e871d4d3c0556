import { type DocumentNode, Kind, parse, type SelectionSetNode } from 'graphql';
import type { Caller } from '../shared/request-context';

/**
 * Root query fields whose answer is a function of stored rows and the caller's scope only: they
 * may be answered from the response cache. Everything else (e.g. `clearance` at "now",
 * `viewer`, `apiKeys`, `stations`' live health, `node`, which may be anything) is never cached.
 */
export const CACHEABLE_ROOT_FIELDS: ReadonlySet<string> = new Set([
  'placements',
  'agreements',
  'organizations',
  'workplaces',
  'people',
  'programs',
  'qualifications',
  'competenceAreas',
  'dualGroups',
  'hazardCategories',
  'industrySections',
  'industryOrderLines',
  'workforceDemands',
  'readinessPolicies',
  'readinessRecords',
]);

/**
 * Fields that make a whole document uncacheable wherever they are selected: answers computed at
 * the moment of the request (a clearance or practice progress "now", live station health).
 */
export const TIME_SENSITIVE_FIELDS: ReadonlySet<string> = new Set(['clearance', 'clearances', 'expiringClearances', 'practiceProgress', 'health']);

/** What a cached answer holds: exactly what Apollo Server answered. */
export interface CachedResponse {
  status: number;
  headers: readonly (readonly [string, string])[];
  body: string;
  /** The operation's name as Apollo resolved it when it ran (the operation log and metrics of a later hit). */
  operationName?: string;
}

/** Options of {@link ResponseCache}. */
export interface ResponseCacheOptions {
  /** How long an answer is served from the cache, in ms (at most 1000); 0 turns the cache off. */
  ttlMs: number;
  /** Most answers held; beyond it the oldest is dropped. Default 2000. */
  maxEntries?: number;
  /** Largest answer body kept, in characters; larger answers are not cached. Default 512 KiB. */
  maxBodyChars?: number;
  /** Milliseconds now; default `Date.now`. */
  now?: () => number;
}

/** What a request presents to the cache: its caller, language, accepted media types and GraphQL body. */
export interface CacheRequest {
  caller: Caller;
  lang: string;
  accept: string | undefined;
  query: unknown;
  operationName: unknown;
  variables: unknown;
  extensions: unknown;
}

interface Entry {
  response: CachedResponse;
  expiresAt: number;
}

/**
 * A short-lived cache of GraphQL query answers, per scope: the key is the caller's whole identity
 * (API key or person + session, organisation, its kind and region, role), the answer's language
 * and media type, the document, the operation name and the variables — two callers share an
 * entry only when they are the same key or session. Only queries over the
 * {@link CACHEABLE_ROOT_FIELDS}, without {@link TIME_SENSITIVE_FIELDS}, answered with status 200
 * and without errors are stored.
 *
 * Invalidation: {@link invalidate} empties it (every mutation of this process once it has
 * answered; every change event on the bus; other processes' mutations through the NOTIFY relay),
 * and a generation number keeps an answer whose computation began before that from being stored:
 * what a mutation committed is in every answer begun after it answered. Not also at the
 * mutation's start: an answer kept meanwhile is forgotten at its end all the same, and with that
 * second emptying the hit rate under 10 writes/s was 5–31 % in every round, against 72–81 % in
 * five of six without it (bench:peer "pages and writes", one run each). Any other write (a CLI, the lab runtime, a worker) is seen
 * within the TTL.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly documents = new Map<string, boolean>();
  private generation = 0;
  private readonly maxEntries: number;
  private readonly maxBodyChars: number;
  private readonly now: () => number;

  constructor(private readonly options: ResponseCacheOptions) {
    if (options.ttlMs < 0 || options.ttlMs > 1000) throw new Error('ResponseCache: ttlMs must be between 0 and 1000');
    this.maxEntries = options.maxEntries ?? 2000;
    this.maxBodyChars = options.maxBodyChars ?? 512 * 1024;
    this.now = options.now ?? Date.now;
  }

  /** Whether the cache is on (a TTL above 0). */
  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  /**
   * The cache key of a request, or undefined when its answer must not be cached (not a query over
   * cacheable fields, a persisted-query hash instead of a document, the cache off).
   */
  keyOf(request: CacheRequest): string | undefined {
    if (!this.enabled || typeof request.query !== 'string' || request.extensions !== undefined) return undefined;
    if (request.operationName !== undefined && request.operationName !== null && typeof request.operationName !== 'string') return undefined;
    if (!this.cacheableDocument(request.query, request.operationName ?? undefined)) return undefined;
    const c = request.caller;
    return JSON.stringify([
      c.keyId ?? null,
      c.personId ?? null,
      c.sessionId ?? null,
      c.organizationId,
      c.organizationKind,
      c.region,
      c.role,
      request.lang,
      request.accept ?? null,
      request.operationName ?? null,
      request.variables ?? null,
      request.query,
    ]);
  }

  /** The generation to pass to {@link store}: taken before the answer is computed. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** A live answer for `key`, or undefined. */
  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.response;
  }

  /** Keeps an answer computed since `generation`, unless something was invalidated meanwhile or it is not a clean 200. */
  store(key: string, generation: number, response: CachedResponse): void {
    if (generation !== this.generation) return;
    if (response.status !== 200 || response.body.length > this.maxBodyChars) return;
    // Apollo writes `errors` first (orderExecutionResultFields): an answer with errors is never kept.
    if (!response.body.startsWith('{"data":')) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { response, expiresAt: this.now() + this.options.ttlMs });
  }

  /** Forgets every answer, and refuses to store those computed before now. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Whether a document's selected operation may be cached (remembered per document text, bounded). */
  private cacheableDocument(query: string, operationName: string | undefined): boolean {
    const memo = `${operationName ?? ''}\u0000${query}`;
    const known = this.documents.get(memo);
    if (known !== undefined) return known;
    let document: DocumentNode | undefined;
    try {
      document = parse(query, { noLocation: true, maxTokens: 5000 });
    } catch {
      document = undefined;
    }
    const verdict = document !== undefined && cacheable(document, operationName);
    if (this.documents.size >= this.maxEntries) this.documents.delete(this.documents.keys().next().value!);
    this.documents.set(memo, verdict);
    return verdict;
  }
}

/** A query operation over cacheable root fields that selects no time-sensitive field (fragments included). */
function cacheable(document: DocumentNode, operationName: string | undefined): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'query') return false;
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  const rootFields = fieldNames(operation.selectionSet, fragments, false);
  if (rootFields.length === 0 || !rootFields.every((name) => CACHEABLE_ROOT_FIELDS.has(name) || name === '__typename')) return false;
  if (rootFields.every((name) => name === '__typename')) return false;
  return !fieldNames(operation.selectionSet, fragments, true).some((name) => TIME_SENSITIVE_FIELDS.has(name));
}

/** The field names of a selection set (through fragments); every depth when `deep`. */
function fieldNames(set: SelectionSetNode, fragments: ReadonlyMap<string, SelectionSetNode>, deep: boolean, seen = new Set<string>()): string[] {
  const names: string[] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      names.push(selection.name.value);
      if (deep && selection.selectionSet) names.push(...fieldNames(selection.selectionSet, fragments, deep, seen));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      names.push(...fieldNames(selection.selectionSet, fragments, deep, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      seen.add(name);
      names.push(...fieldNames(fragment, fragments, deep, seen));
    }
  }
  return names;
}
