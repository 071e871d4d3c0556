import { type ProcReader, postgresCpu } from '../../bench/cpu';

// bench:peer and bench:clearance divide PostgreSQL's CPU over a round by its requests: the sum of
// the postmaster's own time, its reaped children's and its live backends'. A backend reaped while
// the live ones are read must be counted once, in one part or the other, never dropped.

/** /proc/<pid>/stat fields after the command: state, ppid, …, utime (11), stime (12), cutime (13), cstime (14). */
function stat(ppid: number, utime: number, stime = 0, cutime = 0, cstime = 0): string[] {
  const fields = Array.from({ length: 20 }, () => '0');
  fields[0] = 'S';
  fields[1] = String(ppid);
  fields[11] = String(utime);
  fields[12] = String(stime);
  fields[13] = String(cutime);
  fields[14] = String(cstime);
  return fields;
}

const POSTMASTER = 100;

/** A postmaster (2 ticks of its own) with two backends of 5 and 7 ticks, 10 ticks of ended ones reaped. */
function procWhere(reapDuringScan: boolean): ProcReader {
  let reaped = false;
  return {
    pids: () => ['1', '100', '101', '102', '103'],
    stat: (pid) => {
      if (pid === '100') return stat(1, 1, 1, reaped ? 17 : 10);
      if (pid === '101') {
        // Backend 102 ends and is reaped while the scan is at 101: its 7 ticks move to the postmaster's cutime.
        if (reapDuringScan) reaped = true;
        return stat(POSTMASTER, 5);
      }
      if (pid === '102') return reaped ? undefined : stat(POSTMASTER, 4, 3);
      if (pid === '103') return stat(1, 50); // not PostgreSQL's
      return stat(0, 1000);
    },
  };
}

/** Only the postmaster, with 2 ticks of its own: the unit the other figures are read in. */
const ALONE: ProcReader = { pids: () => ['100'], stat: (pid) => (pid === '100' ? stat(1, 1, 1) : undefined) };

describe("PostgreSQL's CPU for a bench", () => {
  const tick = postgresCpu(POSTMASTER, ALONE) / 2;

  test("is the postmaster's own time, its reaped children's and its live backends', and no other process's", () => {
    expect(tick).toBeGreaterThan(0);
    // 2 own + 10 reaped + 5 + 7 live = 24 ticks; pids 1 and 103 are not PostgreSQL's.
    expect(postgresCpu(POSTMASTER, procWhere(false)) / tick).toBeCloseTo(24);
  });

  test('counts a backend reaped during the scan once, not zero times', () => {
    expect(postgresCpu(POSTMASTER, procWhere(true)) / tick).toBeCloseTo(24);
  });
});
