/**
 * CPU time of bench processes from /proc (Linux): the measured server's, and PostgreSQL's (its
 * postmaster and every backend), so a bench can print CPU per request beside its latencies.
 */
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

const TICK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim() || 100);

/** CPU seconds (user + system) of one process. */
export function cpuOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of the PostgreSQL postmaster and every backend it forked: the live ones, plus the
 * ended ones (the postmaster's reaped children's time), so a pool closing a connection does not
 * make the figure go backwards.
 */
export function postgresCpu(postmaster: number): number {
  const own = fs.readFileSync(`/proc/${postmaster}/stat`, 'utf8').split(') ')[1].split(' ');
  let total = (Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])) / TICK;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      if (Number(fields[1]) === postmaster) total += (Number(fields[11]) + Number(fields[12])) / TICK;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** The postmaster's pid of an embedded PostgreSQL, from its data directory. */
export function postmasterOf(dataDir: string): number {
  return Number(fs.readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
}
