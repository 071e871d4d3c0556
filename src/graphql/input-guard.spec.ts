import { parse } from 'graphql';
import { checkOperationInputs, isCalendarDate } from './input-guard';

const limits = { maxListItems: 3, maxListCost: 50 };
const check = (query: string, variables?: Record<string, unknown>) => checkOperationInputs(parse(query), undefined, variables, limits).map((e) => e.message);

describe('the input layer', () => {
  test('knows real calendar days', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
  });

  test('names the argument path of a NUL, an impossible date and an over-long list, literal or variable', () => {
    expect(check('{ a(x: "n\\u0000") }')).toEqual(['x: must not contain NUL characters']);
    expect(check('query($i: I) { a(input: $i) }', { i: { when: '2026-02-30' } })).toEqual(['input.when: "2026-02-30" is not a calendar date']);
    expect(check('{ a(ids: [1, 2, 3, 4]) }')).toEqual(['ids: at most 3 items are accepted (got 4)']);
  });

  test('counts list sizes in the cost, through aliases and fragments', () => {
    expect(check('{ a(ids: [1, 2, 3]) { b c } }')).toEqual([]);
    const spread = Array.from({ length: 10 }, (_, i) => `x${i}: a(ids: [1, 2, 3]) { ...F }`).join(' ');
    expect(check(`{ ${spread} } fragment F on T { b c }`)[0]).toMatch(/cost limit of 50/);
  });
});
