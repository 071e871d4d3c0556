/**
 * The {@link LabPort} of a lab agent: reports to the API over GraphQL/HTTP with a LAB_AGENT key.
 * Reports go into one ordered outbox that is sent one at a time and retried with capped, jittered backoff
 * while the link is down, so the evidence of a session always reaches the API before its verdict
 * (the API refuses a verdict whose evidence is not all stored). With a `journal` file the outbox is
 * also on disk ({@link AgentJournal}): every report is fsync'ed before the runtime's call returns,
 * and a restarted agent sends what the previous run left unsent, in order, before it asks the API
 * to interrupt that run's sessions, so they end INTERRUPTED on their complete evidence. Without
 * one (tests, the in-process demo) the outbox is in memory and a crash loses unsent reports.
 */
import type { Logger } from '../../logger';
import { AgentJournal } from './agent-journal';
import { retry } from '../../shared/retry';
import type { Scheduler } from '../../shared/scheduler';
import type { LabPort, SessionEnded, LabEvent, SessionOpened, StationHealthReport } from '../runtime/lab.port';

/** Options of {@link HttpLabPort}. */
export interface HttpLabPortOptions {
  /** GraphQL endpoint of the API, e.g. `https://dualhub.example/graphql`. */
  api: string;
  /** A LAB_AGENT key of the lab. */
  key: string;
  log: Logger;
  /** Timeout of one request, ms; default 10000. */
  timeoutMs?: number;
  /** Longest wait between retries, ms; default 10000 (the first waits 200 ms, doubling, jittered). */
  maxBackoffMs?: number;
  /** Where the waits between retries happen; default the wall clock. */
  scheduler?: Scheduler;
  /** Path of the outbox journal on disk; default none (the outbox is in memory only). */
  journal?: string;
}

/** A GraphQL answer with an error code the agent must not retry. */
class RefusedReport extends Error {}

interface OutboxItem {
  mutation: string;
  report: unknown;
  /** Its position in the journal, when there is one. */
  n?: number;
}

/** Reports a lab agent's runtime to the API. */
export class HttpLabPort implements LabPort {
  private readonly outbox: OutboxItem[] = [];
  private draining: Promise<void> | undefined;
  private idleWaiters: Array<() => void> = [];
  private readonly journal: AgentJournal | undefined;
  /** Number of failed sends (link down, server errors) so far. */
  failures = 0;
  /** Reports the previous run of this agent left unsent, found in the journal at start. */
  readonly replayed: number;

  constructor(private readonly options: HttpLabPortOptions) {
    if (!options.journal) {
      this.replayed = 0;
      return;
    }
    const { journal, pending } = AgentJournal.open(options.journal);
    this.journal = journal;
    this.replayed = pending.length;
    if (pending.length > 0)
      options.log.warn({ journal: options.journal, reports: pending.length }, 'lab agent: sending reports left unsent by the previous run');
    for (const entry of pending) this.push({ mutation: entry.mutation, report: entry.report, n: entry.n });
  }

  /** Sends one GraphQL operation; throws RefusedReport for coded client errors, Error for anything retryable. */
  async request<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await fetch(this.options.api, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.key}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    const code = body.errors?.[0]?.extensions?.code;
    if (code && ['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'GRAPHQL_VALIDATION_FAILED'].includes(code)) {
      throw new RefusedReport(`${code}: ${body.errors![0]!.message}`);
    }
    if (!response.ok || body.errors || !body.data) throw new Error(`API answered ${response.status}: ${body.errors?.[0]?.message ?? 'no data'}`);
    return body.data;
  }

  private enqueue(mutation: string, report: unknown): Promise<void> {
    // On disk first (fsync'ed): once this returns, a crash of the agent no longer loses the report.
    const n = this.journal?.append(mutation, report).n;
    this.push(n === undefined ? { mutation, report } : { mutation, report, n });
    return Promise.resolve();
  }

  private push(item: OutboxItem): void {
    this.outbox.push(item);
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      for (const w of this.idleWaiters.splice(0)) w();
    });
  }

  private async drain(): Promise<void> {
    while (this.outbox.length > 0) {
      const item = this.outbox[0]!;
      try {
        await this.retried(
          () => this.request(`mutation($input: LabAgentReportInput!) { ${item.mutation}(input: $input) { applied } }`, { input: { report: item.report } }),
          (e, wait) => {
            this.failures++;
            this.options.log.warn(
              { mutation: item.mutation, pending: this.outbox.length, retryInMs: wait, reason: (e as Error).message },
              'lab agent: API unreachable, buffering',
            );
          },
        );
      } catch (e) {
        // Only a refusal ends the retries: it would be refused again, so it is dropped.
        this.options.log.error({ mutation: item.mutation, reason: (e as Error).message }, 'lab agent: report refused by the API, dropped');
      }
      this.outbox.shift();
      if (item.n !== undefined) this.journal?.ack(item.n);
    }
  }

  /** Retries `send` until it succeeds or the API refuses it (RefusedReport is rethrown). */
  private retried<T>(send: () => Promise<T>, onRetry?: (error: unknown, waitMs: number) => void): Promise<T> {
    return retry(send, {
      initialMs: 200,
      maxMs: this.options.maxBackoffMs ?? 10_000,
      shouldRetry: (e) => !(e instanceof RefusedReport),
      ...(onRetry ? { onRetry: (e: unknown, _attempt: number, wait: number) => onRetry(e, wait) } : {}),
      ...(this.options.scheduler ? { scheduler: this.options.scheduler } : {}),
    });
  }

  /** Reports not yet accepted by the API. */
  pending(): number {
    return this.outbox.length;
  }

  /** Closes the journal file (what is unsent stays in it for the next run). */
  close(): void {
    this.journal?.close();
  }

  /** Resolves when every queued report has been sent. */
  drained(): Promise<void> {
    if (!this.draining) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  sessionStarted(session: SessionOpened): Promise<void> {
    return this.enqueue('reportSessionOpened', session);
  }

  appendEvents(sessionId: string, events: readonly LabEvent[]): Promise<void> {
    return this.enqueue('reportSessionEvents', { sessionId, events });
  }

  sessionEnded(verdict: SessionEnded): Promise<void> {
    return this.enqueue('reportSessionEnded', verdict);
  }

  /** Sent directly when the link is up; dropped otherwise (the next report replaces it). */
  stationHealth(report: StationHealthReport): void {
    void this.request('mutation($input: LabAgentReportInput!) { reportStationHealth(input: $input) { applied } }', { input: { report } }).catch(
      () => undefined,
    );
  }

  /**
   * Retried until the API answers: the agent must not run sessions before its old ones are closed.
   * Sent only after the outbox is empty, so the evidence the previous run journaled is stored
   * before its sessions are interrupted (the API drops events for a session that has ended).
   */
  async interruptOrphanedSessions(runtimeId: string, at: number): Promise<number> {
    await this.drained();
    const data = await this.retried(() =>
      this.request<{ reportLabRuntimeStarted: { applied: number } }>(
        'mutation($input: LabAgentReportInput!) { reportLabRuntimeStarted(input: $input) { applied } }',
        {
          input: { report: { runtimeId, at } },
        },
      ),
    );
    return data.reportLabRuntimeStarted.applied;
  }
}
