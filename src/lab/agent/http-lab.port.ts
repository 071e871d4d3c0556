/**
 * The {@link LabPort} of a lab agent: reports to the API over GraphQL/HTTP with a LAB_AGENT key.
 * Reports go into one ordered outbox that is sent one at a time and retried with capped, jittered backoff
 * while the link is down, so the evidence of a session always reaches the API before its verdict
 * (the API refuses a verdict whose evidence is not all stored). The outbox is in memory: a crash
 * of the agent loses unsent reports, and the session ends INTERRUPTED when the agent restarts.
 */
import type { Logger } from '../../logger';
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
}

/** A GraphQL answer with an error code the agent must not retry. */
class RefusedReport extends Error {}

interface OutboxItem {
  mutation: string;
  report: unknown;
}

/** Reports a lab agent's runtime to the API. */
export class HttpLabPort implements LabPort {
  private readonly outbox: OutboxItem[] = [];
  private draining: Promise<void> | undefined;
  private idleWaiters: Array<() => void> = [];
  /** Number of failed sends (link down, server errors) so far. */
  failures = 0;

  constructor(private readonly options: HttpLabPortOptions) {}

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
    this.outbox.push({ mutation, report });
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      for (const w of this.idleWaiters.splice(0)) w();
    });
    return Promise.resolve();
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

  /** Retried until the API answers: the agent must not run sessions before its old ones are closed. */
  async interruptOrphanedSessions(runtimeId: string, at: number): Promise<number> {
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
