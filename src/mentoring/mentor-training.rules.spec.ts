import { addDays, checkDay, validOn } from './mentor-training.rules';

describe('mentor training rules', () => {
  const training = { completedOn: '2026-01-10', validUntil: '2027-01-09' };
  it('counts a training from its completion day through its last valid day', () => {
    expect(validOn(training, '2026-01-10')).toBe(true);
    expect(validOn(training, '2027-01-09')).toBe(true);
  });
  it('does not count it before completion or after expiry', () => {
    expect(validOn(training, '2026-01-09')).toBe(false);
    expect(validOn(training, '2027-01-10')).toBe(false);
  });
  it('checks on the placement start, or today once the placement has started', () => {
    expect(checkDay('2026-09-01', '2026-08-01')).toBe('2026-09-01');
    expect(checkDay('2026-09-01', '2026-10-05')).toBe('2026-10-05');
  });
  it('adds days across month ends', () => {
    expect(addDays('2026-01-30', 3)).toBe('2026-02-02');
  });
});
