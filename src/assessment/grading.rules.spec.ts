import { bandOf, scoreValid } from './grading.rules';

const bands = [
  { minScore: 95, maxScore: 100, letter: 'A', gpa: 4, passing: true },
  { minScore: 50, maxScore: 94, letter: 'D', gpa: 1, passing: true },
  { minScore: 0, maxScore: 49, letter: 'F', gpa: 0, passing: false },
];

describe('grading rules', () => {
  test('a score is a whole number from 0 to 100', () => {
    expect([0, 50, 100].every(scoreValid)).toBe(true);
    expect([-1, 101, 72.5, Number.NaN].some(scoreValid)).toBe(false);
  });
  test('a score takes the band it falls in, edges inclusive', () => {
    expect(bandOf(95, bands)?.letter).toBe('A');
    expect(bandOf(94, bands)?.letter).toBe('D');
    expect(bandOf(50, bands)?.passing).toBe(true);
    expect(bandOf(49, bands)?.passing).toBe(false);
    expect(bandOf(50, bands.slice(0, 1))).toBeNull();
  });
});
