import { PlacementStatus, TimeModel } from './placement.entity';
import {
  canTransition,
  PLACEMENT_MACHINE,
  transitionApplies,
  dayOf,
  dayWithin,
  isCalendarDate,
  periodInOrder,
  periodsOverlap,
  TRANSITIONS,
  timeModelValid,
} from './placement.rules';

describe('placement status machine', () => {
  test('follows PLANNED → CONFIRMED → ACTIVE → COMPLETED', () => {
    expect(canTransition(PlacementStatus.PLANNED, PlacementStatus.CONFIRMED)).toBe(true);
    expect(canTransition(PlacementStatus.CONFIRMED, PlacementStatus.ACTIVE)).toBe(true);
    expect(canTransition(PlacementStatus.ACTIVE, PlacementStatus.COMPLETED)).toBe(true);
  });

  test('cannot skip confirmation or go backwards', () => {
    expect(canTransition(PlacementStatus.PLANNED, PlacementStatus.ACTIVE)).toBe(false);
    expect(canTransition(PlacementStatus.ACTIVE, PlacementStatus.CONFIRMED)).toBe(false);
    expect(canTransition(PlacementStatus.CONFIRMED, PlacementStatus.COMPLETED)).toBe(false);
  });

  test('suspension pauses an active placement and resumes to ACTIVE', () => {
    expect(canTransition(PlacementStatus.ACTIVE, PlacementStatus.SUSPENDED)).toBe(true);
    expect(canTransition(PlacementStatus.SUSPENDED, PlacementStatus.ACTIVE)).toBe(true);
    expect(canTransition(PlacementStatus.PLANNED, PlacementStatus.SUSPENDED)).toBe(false);
  });

  test('COMPLETED and CANCELLED are final', () => {
    for (const to of Object.values(PlacementStatus)) {
      expect(canTransition(PlacementStatus.COMPLETED, to)).toBe(false);
      expect(canTransition(PlacementStatus.CANCELLED, to)).toBe(false);
    }
  });

  test('every non-final status can be cancelled', () => {
    for (const from of Object.keys(TRANSITIONS) as PlacementStatus[]) {
      if (from === PlacementStatus.COMPLETED || from === PlacementStatus.CANCELLED) continue;
      expect(canTransition(from, PlacementStatus.CANCELLED)).toBe(true);
    }
  });
});

describe('placement dates', () => {
  test('accepts only real calendar dates', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('26-02-01')).toBe(false);
  });

  test('a period must not end before it starts; one day is fine', () => {
    expect(periodInOrder('2026-09-01', '2027-01-31')).toBe(true);
    expect(periodInOrder('2026-09-01', '2026-09-01')).toBe(true);
    expect(periodInOrder('2026-09-02', '2026-09-01')).toBe(false);
    expect(periodInOrder('2026-09-01', 'tomorrow')).toBe(false);
  });

  test('overlap is inclusive at both ends', () => {
    expect(periodsOverlap({ start: '2026-01-01', end: '2026-01-31' }, { start: '2026-01-31', end: '2026-02-28' })).toBe(true);
    expect(periodsOverlap({ start: '2026-01-01', end: '2026-01-30' }, { start: '2026-01-31', end: '2026-02-28' })).toBe(false);
    expect(periodsOverlap({ start: '2026-01-01', end: '2026-12-31' }, { start: '2026-03-01', end: '2026-03-02' })).toBe(true);
  });

  test('day arithmetic uses the UTC calendar day', () => {
    expect(dayOf(new Date('2026-11-25T23:59:59Z'))).toBe('2026-11-25');
    expect(dayWithin('2026-11-25', '2026-11-25', '2026-11-30')).toBe(true);
    expect(dayWithin('2026-12-01', '2026-11-25', '2026-11-30')).toBe(false);
  });
});

describe('time model', () => {
  test('days per week is 1–5, and a block has none', () => {
    expect(timeModelValid(TimeModel.DAYS_PER_WEEK, 3)).toBe(true);
    expect(timeModelValid(TimeModel.DAYS_PER_WEEK, 0)).toBe(false);
    expect(timeModelValid(TimeModel.DAYS_PER_WEEK, 6)).toBe(false);
    expect(timeModelValid(TimeModel.DAYS_PER_WEEK, null)).toBe(false);
    expect(timeModelValid(TimeModel.BLOCK, null)).toBe(true);
    expect(timeModelValid(TimeModel.BLOCK, 2)).toBe(false);
  });

  test('each transition starts only where the machine says; suspend and cancel need a reason; activation checks run on activate and resume', () => {
    expect(transitionApplies('confirm', PlacementStatus.PLANNED)).toBe(true);
    expect(transitionApplies('confirm', PlacementStatus.CONFIRMED)).toBe(false);
    expect(transitionApplies('resume', PlacementStatus.ACTIVE)).toBe(false);
    expect(transitionApplies('activate', PlacementStatus.SUSPENDED)).toBe(false);
    expect(transitionApplies('cancel', PlacementStatus.SUSPENDED)).toBe(true);
    expect(transitionApplies('cancel', PlacementStatus.COMPLETED)).toBe(false);
    const needReason = Object.entries(PLACEMENT_MACHINE).flatMap(([kind, t]) => (t.reasonRequired ? [kind] : []));
    expect(needReason).toEqual(['suspend', 'cancel']);
    const activating = Object.entries(PLACEMENT_MACHINE).flatMap(([kind, t]) => (t.checks.includes('ACTIVATION') ? [kind] : []));
    expect(activating).toEqual(['activate', 'resume']);
  });
});
