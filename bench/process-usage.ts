/**
 * CPU share and event-loop delay of a bench child process since the previous reading (the
 * classroom bench's stand-ins and viewers processes answer `usage` with it).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** One reading: CPU time and wall time since the previous one (ms), event-loop delay percentiles (ms). */
export interface ProcessUsage {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly delayP50: number;
  readonly delayP99: number;
}

/** Starts measuring this process; each call of the result reads and restarts the measurement. */
export function usageMeter(): () => ProcessUsage {
  let delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let cpu = process.cpuUsage();
  let since = Date.now();
  return () => {
    const used = process.cpuUsage(cpu);
    const usage = {
      cpuMs: (used.user + used.system) / 1000,
      wallMs: Date.now() - since,
      delayP50: delay.percentile(50) / 1e6,
      delayP99: delay.percentile(99) / 1e6,
    };
    delay.disable();
    delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    cpu = process.cpuUsage();
    since = Date.now();
    return usage;
  };
}
