/**
 * What the API process holds for the lab besides the database: its runtime (when it runs one)
 * and the latest health of each station, reported by its own runtime or by lab agents.
 */
import { ServiceUnavailableError } from '../shared/errors';
import type { RequestContext } from '../shared/request-context';
import type { PostgresLabPort } from './postgres-lab.port';
import type { LabRuntime, StationHealthReport } from './runtime';

/** Latest health per station id, newest report wins. */
export class StationHealthBoard {
  private readonly reports = new Map<string, StationHealthReport>();

  /** Keeps a report. */
  record(report: StationHealthReport): void {
    this.reports.set(report.stationId, report);
  }

  /** The latest report of a station, if any. */
  get(stationId: string): StationHealthReport | undefined {
    return this.reports.get(stationId);
  }
}

/** The lab's process-wide state in the API process. */
export interface LabHost {
  /** The runtime of this process; undefined when sessions run only on lab agents. */
  runtime?: LabRuntime;
  /** The store's port; set at start-up (also serves lab agents' reports). */
  port?: PostgresLabPort;
  health: StationHealthBoard;
}

const host: LabHost = { health: new StationHealthBoard() };

/** This process's lab host (one per process). */
export function labHost(): LabHost {
  return host;
}

/** The store's port of this process, for lab agents' reports. */
export function labPort(_ctx: RequestContext): PostgresLabPort {
  if (!host.port) throw new ServiceUnavailableError('The lab store is not running in this process');
  return host.port;
}
