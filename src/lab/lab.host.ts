/**
 * The lab's state in the API process: runtime, store port, and the latest health of each
 * station, reported by its own runtime or by lab agents.
 */
import { ServiceUnavailableError } from '../shared/errors';
import { LabNetwork } from './lab.network';
import type { PostgresLabPort } from './postgres-lab.port';
import type { LabRuntime, StationHealthReport } from './runtime';

/** Latest health per station id, newest report wins. */
export class StationHealthBoard {
  private readonly reports = new Map<string, StationHealthReport>();

  /** Keeps a report. */
  record(report: StationHealthReport): void {
    this.reports.set(report.stationId, report);
  }

  /** The latest report of every station that reported. */
  all(): IterableIterator<StationHealthReport> {
    return this.reports.values();
  }

  /** The latest report of a station, if any. */
  get(stationId: string): StationHealthReport | undefined {
    return this.reports.get(stationId);
  }
}

/**
 * What the API holds for the lab besides the database: its runtime (when it runs one), the
 * store's port (which also serves lab agents' reports) and the health board. One per app, made by
 * the composition root and given to the lab service and {@link startLab}; no process global.
 */
export class LabHost {
  /** The runtime of this app; undefined when sessions run only on lab agents. */
  runtime?: LabRuntime;
  /** The store's port; set by `startLab`. */
  port?: PostgresLabPort;
  readonly health = new StationHealthBoard();
  /** Where this app's runtime may connect (`LAB_ALLOWED_HOSTS`); default loopback only. Set by `startDualHub`. */
  network = new LabNetwork();

  /** The store's port, for lab agents' reports; SERVICE_UNAVAILABLE when the lab is not started. */
  requirePort(): PostgresLabPort {
    if (!this.port) throw new ServiceUnavailableError('The lab store is not running in this process');
    return this.port;
  }
}
