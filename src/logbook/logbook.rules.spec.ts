import { dayRefusal, dayTotal, hoursValid, ragOf, RagStatus, weekStart } from './logbook.rules';

const placement = { startDate: '2026-09-01', endDate: '2026-12-25', timeModel: 'DAYS_PER_WEEK' as const, daysPerWeek: 3 };

describe('logbook rules', () => {
  test('ISO weeks start on Monday', () => {
    expect(weekStart('2026-09-06')).toBe('2026-08-31'); // Sunday
    expect(weekStart('2026-08-31')).toBe('2026-08-31');
  });

  test('refuses days outside the placement period and in the future', () => {
    expect(dayRefusal('2026-08-31', placement, '2026-10-01', [])).toEqual({ kind: 'OUTSIDE_PLACEMENT_PERIOD' });
    expect(dayRefusal('2026-12-26', placement, '2027-01-10', [])).toEqual({ kind: 'OUTSIDE_PLACEMENT_PERIOD' });
    expect(dayRefusal('2026-10-02', placement, '2026-10-01', [])).toEqual({ kind: 'DATE_IN_FUTURE' });
  });

  test('DAYS_PER_WEEK: a fourth day in a week of three is a day off; another entry on a used day is not', () => {
    const used = ['2026-09-07', '2026-09-08', '2026-09-09'];
    expect(dayRefusal('2026-09-10', placement, '2026-10-01', used)).toEqual({ kind: 'DAY_OFF', weekStart: '2026-09-07', daysPerWeek: 3 });
    expect(dayRefusal('2026-09-09', placement, '2026-10-01', used)).toBeUndefined();
    expect(dayRefusal('2026-09-14', placement, '2026-10-01', used)).toBeUndefined();
  });

  test('BLOCK has no days off', () => {
    const block = { ...placement, timeModel: 'BLOCK' as const, daysPerWeek: null };
    expect(dayRefusal('2026-09-10', block, '2026-10-01', ['2026-09-07', '2026-09-08', '2026-09-09', '2026-09-11'])).toBeUndefined();
  });

  test('hours are positive quarter hours; the day total stays within the limit', () => {
    expect(hoursValid(7.25)).toBe(true);
    expect(hoursValid(0)).toBe(false);
    expect(hoursValid(1.1)).toBe(false);
    expect(dayTotal(6, 2, 8)).toEqual({ total: 8, ok: true });
    expect(dayTotal(6, 2.5, 8)).toEqual({ total: 8.5, ok: false });
  });

  test('RAG thresholds', () => {
    const t = { behindBelow: 0.7, atRiskBelow: 0.9 };
    expect(ragOf(60, 100, t)).toBe(RagStatus.BEHIND);
    expect(ragOf(80, 100, t)).toBe(RagStatus.AT_RISK);
    expect(ragOf(95, 100, t)).toBe(RagStatus.ON_TRACK);
    expect(ragOf(0, 0, t)).toBe(RagStatus.ON_TRACK);
  });
});
