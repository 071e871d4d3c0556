/**
 * CPU time of bench processes from /proc (Linux): the measured server's, and PostgreSQL's (its
 * postmaster and every backend), so a bench can print CPU per request beside its latencies.
 */
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

const TICK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim() || 100);

/** What {@link postgresCpu} reads of /proc: the pids there, and one process's stat fields after its command. */
export interface ProcReader {
  pids(): string[];
  /** Fields 3… of /proc/<pid>/stat (state first), or undefined when the process is gone. */
  stat(pid: string): string[] | undefined;
}

const LIVE_PROC: ProcReader = {
  pids: () => fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)),
  stat: (pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    } catch {
      return undefined; // the process ended meanwhile
    }
  },
};

/** Ticks in two adjacent stat fields (utime + stime at 11, cutime + cstime at 13); 0 for a process gone. */
function ticks(fields: string[] | undefined, from: number): number {
  return fields ? Number(fields[from]) + Number(fields[from + 1]) : 0;
}

/** CPU seconds (user + system) of one process; 0 once it has ended. */
export function cpuOf(pid: number): number {
  return ticks(LIVE_PROC.stat(String(pid)), 11) / TICK;
}

/**
 * CPU seconds of the PostgreSQL postmaster and every backend it forked: the live ones, plus the
 * ended ones (the postmaster's reaped children's time), so a pool closing a connection does not
 * make the figure go backwards. The sum is one moment's: a backend reaped while the children are
 * read would be in neither part (its whole life's CPU missing: the likely cause, not a proven one,
 * of bench:peer once printing −0.49 ms of PostgreSQL CPU per request for a round), so the children
 * are read again until the reaped time is the same before and after.
 */
export function postgresCpu(postmaster: number, proc: ProcReader = LIVE_PROC): number {
  let total = 0;
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = proc.stat(String(postmaster));
    let children = 0;
    for (const pid of proc.pids()) {
      const fields = proc.stat(pid);
      if (fields && Number(fields[1]) === postmaster) children += ticks(fields, 11);
    }
    const after = proc.stat(String(postmaster));
    // Own time (utime, stime) and reaped children's (cutime, cstime) as read after the children.
    total = (ticks(after, 11) + ticks(after, 13) + children) / TICK;
    if (ticks(before, 13) === ticks(after, 13)) break;
  }
  return total;
}

/** The postmaster's pid of an embedded PostgreSQL, from its data directory. */
export function postmasterOf(dataDir: string): number {
  return Number(fs.readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
}

/** The machine's CPU counters from /proc/stat (ticks, every core): all, idle (with iowait) and stolen. */
export interface MachineTicks {
  total: number;
  idle: number;
  steal: number;
}

/** Reads {@link MachineTicks} now; two readings make {@link machineBetween}. */
export function machineTicks(): MachineTicks {
  const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
  return { total: user + nice + system + idle + iowait + irq + softirq + (steal || 0), idle: idle + iowait, steal: steal || 0 };
}

/**
 * What the whole machine did between two readings, and its load average now: how busy its cores
 * were, and how much time the hypervisor gave to other guests (steal). On a shared host a round
 * with steal is slower for reasons outside the code measured.
 */
export function machineBetween(before: MachineTicks, after: MachineTicks = machineTicks()): string {
  const total = after.total - before.total || 1;
  const pct = (ticks: number) => ((100 * ticks) / total).toFixed(1);
  return `machine: ${pct(total - (after.idle - before.idle))} % busy, ${pct(after.steal - before.steal)} % stolen by the host; load average ${loadAverage()}`;
}

/** The machine's load average over 1, 5 and 15 minutes, as /proc/loadavg gives it: `1.20 1.15 1.50`. */
export function loadAverage(): string {
  return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
