import {
  CREDIT_NORM,
  ProgramLevel,
  checkEmployerShare,
  employerShare,
  formatShare,
  meetsCreditNorm,
  roundShare,
  totalsAfter,
  validCredits,
  withinEmployerShare,
} from './program.rules';

describe('employer-adapted share', () => {
  const current = { total: 100, adapted: 25 };

  test('adding a discipline adds its credits to the total, and to the adapted part when adapted', () => {
    expect(totalsAfter(current, { after: { credits: 5, adapted: false } })).toEqual({ total: 105, adapted: 25 });
    expect(totalsAfter(current, { after: { credits: 5, adapted: true } })).toEqual({ total: 105, adapted: 30 });
  });

  test('removing a discipline takes its credits away', () => {
    expect(totalsAfter(current, { before: { credits: 10, adapted: false } })).toEqual({ total: 90, adapted: 25 });
    expect(totalsAfter(current, { before: { credits: 10, adapted: true } })).toEqual({ total: 90, adapted: 15 });
  });

  test('marking a discipline adapted moves its credits into the adapted part', () => {
    expect(totalsAfter(current, { before: { credits: 5, adapted: false }, after: { credits: 5, adapted: true } })).toEqual({ total: 100, adapted: 30 });
  });

  test('exactly 30 % is allowed, one credit more is not', () => {
    expect(withinEmployerShare({ total: 100, adapted: 30 })).toBe(true);
    expect(withinEmployerShare({ total: 240, adapted: 72 })).toBe(true);
    expect(withinEmployerShare({ total: 240, adapted: 73 })).toBe(false);
    const refused = checkEmployerShare({ total: 100, adapted: 28 }, { after: { credits: 5, adapted: true } });
    expect(refused.allowed).toBe(false);
    expect(refused.share).toBeCloseTo((33 / 105) * 100, 9);
    expect(checkEmployerShare({ total: 70, adapted: 0 }, { after: { credits: 30, adapted: true } })).toMatchObject({ allowed: true, share: 30 });
  });

  test('each way to exceed the limit is refused: adapting, raising adapted credits, lowering or removing another discipline', () => {
    const at30 = { total: 100, adapted: 30 };
    expect(checkEmployerShare(at30, { before: { credits: 5, adapted: false }, after: { credits: 5, adapted: true } }).allowed).toBe(false);
    expect(checkEmployerShare(at30, { before: { credits: 10, adapted: true }, after: { credits: 11, adapted: true } }).allowed).toBe(false);
    expect(checkEmployerShare(at30, { before: { credits: 10, adapted: false }, after: { credits: 9, adapted: false } }).allowed).toBe(false);
    const removal = checkEmployerShare(at30, { before: { credits: 10, adapted: false } });
    expect(removal.allowed).toBe(false);
    expect(formatShare(removal.share)).toBe('33.3 %');
  });

  test('a change that lowers the share is allowed even above the limit, so an imported programme can be repaired', () => {
    const over = { total: 100, adapted: 40 };
    expect(checkEmployerShare(over, { before: { credits: 10, adapted: true }, after: { credits: 10, adapted: false } }).allowed).toBe(true);
    expect(checkEmployerShare(over, { after: { credits: 5, adapted: false } }).allowed).toBe(true);
  });

  test('a programme without credits has a share of 0', () => {
    expect(employerShare({ total: 0, adapted: 0 })).toBe(0);
    expect(checkEmployerShare({ total: 5, adapted: 0 }, { before: { credits: 5, adapted: false } }).allowed).toBe(true);
  });

  test('the share is shown with one decimal and never rounded down to the limit', () => {
    expect(formatShare(100 / 3)).toBe('33.3 %');
    expect(formatShare(30)).toBe('30.0 %');
    expect(formatShare((601 * 100) / 2001)).toBe('30.03 %');
    expect(roundShare(12.5)).toBe(12.5);
    expect(roundShare(100 / 3)).toBe(33.3);
  });
});

describe('credit norms', () => {
  test('a bachelor programme totals 240, a college programme 180', () => {
    expect(CREDIT_NORM.BACHELOR).toBe(240);
    expect(meetsCreditNorm(ProgramLevel.BACHELOR, 240)).toBe(true);
    expect(meetsCreditNorm(ProgramLevel.BACHELOR, 236)).toBe(false);
    expect(meetsCreditNorm(ProgramLevel.COLLEGE, 180)).toBe(true);
  });

  test('credits of a discipline are whole numbers from 1 to 60', () => {
    expect([1, 5, 60].every(validCredits)).toBe(true);
    expect([0, -5, 61, 2.5].some(validCredits)).toBe(false);
  });
});
