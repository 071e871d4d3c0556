/**
 * Leases on running lab sessions, in PostgreSQL, so several API processes on one database never
 * run the same session and a session whose process died ends INTERRUPTED instead of staying
 * RUNNING for ever.
 *
 * - The process whose runtime opens a session takes its lease (`lab_session_lease`: holder id,
 *   expiry) when the runtime reports it opened; taking it fails while another live holder has it.
 * - The holder renews all its leases in one statement every third of the lease time.
 * - Every API process sweeps: a RUNNING session whose lease expired (its holder stopped renewing:
 *   SIGKILL, OOM, frozen, cut off from the database) is ended INTERRUPTED (`RUNTIME_LOST`) on its
 *   stored evidence, never passed — the same rule as recovery after a crash. A late batch or
 *   verdict from a holder that lost its lease finds the session ended and is dropped.
 * - A lease ends with its session (the trigger on `training_session` deletes it).
 */
import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../logger';
import type { PostgresLabPort } from '../postgres-lab.port';
import type { LabEvent, LabPort, SessionEnded, SessionOpened, StationHealthReport, VerdictReason } from '../runtime';

/** Options of {@link SessionLeases}. */
export interface SessionLeaseOptions {
  orm: MikroORM;
  log: Logger;
  /** The store port (it interrupts sessions whose lease expired). */
  port: PostgresLabPort;
  /** Lease time in ms: renewed every third of it, taken over after it. */
  ttlMs: number;
  /** Prefix of the holder id (the runtime id); a random suffix makes it unique to this process's life. */
  runtimeId: string;
}

/** This process's leases: taking, renewing, sweeping expired ones. Start with {@link start}. */
export class SessionLeases {
  /** Unique to this process's life (a restarted process is a new holder). */
  readonly holder: string;
  private renewTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;
  private renewing?: Promise<unknown>;

  constructor(private readonly options: SessionLeaseOptions) {
    this.holder = `${options.runtimeId}/${process.pid}/${randomUUID().slice(0, 8)}`;
    options.port.leaseHolder = this.holder;
  }

  private execute<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.options.orm.em.fork().getConnection().execute(sql, params) as Promise<T[]>;
  }

  /** Takes the lease of a session; false when another live holder has it. */
  async take(sessionId: string): Promise<boolean> {
    const rows = await this.execute<{ holder: string }>(
      `insert into lab_session_lease (session_id, holder, expires_at) values (?, ?, now() + make_interval(secs => ?))
       on conflict (session_id) do update set holder = excluded.holder, expires_at = excluded.expires_at
         where lab_session_lease.holder = excluded.holder or lab_session_lease.expires_at <= now()
       returning holder`,
      [sessionId, this.holder, this.options.ttlMs / 1000],
    );
    return rows.length > 0;
  }

  /** Renews every lease this process holds; resolves to how many. */
  async renew(): Promise<number> {
    const rows = await this.execute<{ session_id: string }>(
      `update lab_session_lease set expires_at = now() + make_interval(secs => ?) where holder = ? returning session_id`,
      [this.options.ttlMs / 1000, this.holder],
    );
    return rows.length;
  }

  /** Ends the sessions whose lease expired (whoever held it); resolves to their ids. */
  sweep(): Promise<string[]> {
    return this.options.port.interruptExpiredLeases(Date.now());
  }

  /** Starts renewing and sweeping. */
  start(): void {
    const { ttlMs, log } = this.options;
    const every = Math.max(50, Math.floor(ttlMs / 3));
    this.renewTimer = setInterval(() => {
      if (this.renewing) return;
      this.renewing = this.renew()
        .catch((err: Error) => log.warn({ err }, 'lab: session leases not renewed'))
        .finally(() => (this.renewing = undefined));
    }, every);
    this.sweepTimer = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.sweep()
        .catch((err: Error) => log.warn({ err }, 'lab: expired session leases not swept'))
        .finally(() => (this.sweeping = undefined));
    }, every);
    this.renewTimer.unref();
    this.sweepTimer.unref();
  }

  /** Stops renewing and sweeping (the runtime's stop ends its sessions, which ends their leases). */
  async stop(): Promise<void> {
    clearInterval(this.renewTimer);
    clearInterval(this.sweepTimer);
    await Promise.all([this.renewing, this.sweeping]);
  }

  /** The store port as this process's runtime uses it: a session it opens is leased to it. */
  leasedPort(): LabPort {
    return new LeasedLabPort(this.options.port, this);
  }
}

/** The store port of the in-process runtime: opening a session takes its lease; the rest as the store. */
class LeasedLabPort implements LabPort {
  constructor(
    private readonly store: PostgresLabPort,
    private readonly leases: SessionLeases,
  ) {}

  async sessionStarted(session: SessionOpened): Promise<void> {
    await this.store.sessionStarted(session);
    if (!(await this.leases.take(session.sessionId))) throw new Error(`session ${session.sessionId} is leased to another API process`);
  }

  appendEvents(sessionId: string, events: readonly LabEvent[]): Promise<void> {
    return this.store.appendEvents(sessionId, events);
  }

  eventsObserved(sessionId: string, events: readonly LabEvent[]): void {
    this.store.eventsObserved(sessionId, events);
  }

  sessionEnded(verdict: SessionEnded): Promise<void> {
    return this.store.sessionEnded(verdict);
  }

  stationHealth(report: StationHealthReport): void {
    this.store.stationHealth(report);
  }

  interruptOrphanedSessions(runtimeId: string, at: number): Promise<number> {
    return this.store.interruptOrphanedSessions(runtimeId, at);
  }

  sessionFailed(sessionId: string, reason: VerdictReason): Promise<void> {
    return this.store.sessionFailed(sessionId, reason);
  }
}
