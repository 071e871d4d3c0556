import {
  badCountIndex,
  controlFiguresCoherent,
  DemandStatus,
  demandMayMove,
  needsJustification,
  nextOrderStatus,
  OrderStatus,
  yearInHorizon,
} from './demand.rules';

describe('demand rules', () => {
  it('accepts years from now to now + 5 only', () => {
    expect(yearInHorizon(2026, 2026)).toBe(true);
    expect(yearInHorizon(2031, 2026)).toBe(true);
    expect(yearInHorizon(2032, 2026)).toBe(false);
    expect(yearInHorizon(2025, 2026)).toBe(false);
    expect(yearInHorizon(2026.5, 2026)).toBe(false);
  });

  it('wants six whole non-negative counts', () => {
    expect(badCountIndex([1, 2, 3, 4, 5, 6])).toBe(-1);
    expect(badCountIndex([1, 2, -3, 4, 5, 6])).toBe(2);
    expect(badCountIndex([1, 2, 3, 4, 5, 0.5])).toBe(5);
    expect(badCountIndex([1, 2, 3])).toBe(3);
  });

  it('lets a submitted demand be withdrawn or superseded, never edited back to draft', () => {
    expect(demandMayMove(DemandStatus.DRAFT, DemandStatus.SUBMITTED)).toBe(true);
    expect(demandMayMove(DemandStatus.SUBMITTED, DemandStatus.WITHDRAWN)).toBe(true);
    expect(demandMayMove(DemandStatus.SUBMITTED, DemandStatus.SUPERSEDED)).toBe(true);
    expect(demandMayMove(DemandStatus.SUBMITTED, DemandStatus.DRAFT)).toBe(false);
    expect(demandMayMove(DemandStatus.WITHDRAWN, DemandStatus.SUBMITTED)).toBe(false);
  });

  it('moves an order DRAFT → AGREED → APPROVED → PLACED and no further', () => {
    expect(nextOrderStatus(OrderStatus.DRAFT)).toBe(OrderStatus.AGREED);
    expect(nextOrderStatus(OrderStatus.AGREED)).toBe(OrderStatus.APPROVED);
    expect(nextOrderStatus(OrderStatus.APPROVED)).toBe(OrderStatus.PLACED);
    expect(nextOrderStatus(OrderStatus.PLACED)).toBeUndefined();
  });

  it('wants a justification only above the submitted demand', () => {
    expect(needsJustification(10, 10)).toBe(false);
    expect(needsJustification(11, 10)).toBe(true);
  });

  it('keeps dual places within budget places', () => {
    expect(controlFiguresCoherent(20, 5)).toBe(true);
    expect(controlFiguresCoherent(5, 6)).toBe(false);
    expect(controlFiguresCoherent(-1, 0)).toBe(false);
  });
});
