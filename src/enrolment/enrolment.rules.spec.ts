import { ApplicationStatus, hasPlace, mayDecide, meetsMinimum } from './enrolment.rules';

describe('enrolment rules', () => {
  it('decides a new or waitlisted application, never a decided one', () => {
    expect(mayDecide(ApplicationStatus.SUBMITTED)).toBe(true);
    expect(mayDecide(ApplicationStatus.WAITLISTED)).toBe(true);
    expect(mayDecide(ApplicationStatus.ACCEPTED)).toBe(false);
    expect(mayDecide(ApplicationStatus.REJECTED)).toBe(false);
  });
  it('accepts only while places remain', () => {
    expect(hasPlace(2, 1)).toBe(true);
    expect(hasPlace(2, 2)).toBe(false);
  });
  it('compares the score with the minimum', () => {
    expect(meetsMinimum(60, 60)).toBe(true);
    expect(meetsMinimum(59, 60)).toBe(false);
    expect(meetsMinimum(10, null)).toBe(true);
  });
});
