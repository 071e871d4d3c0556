/**
 * Pure rules about organisations: the Kazakh business identification number (BIN).
 *
 * A BIN is 12 digits; the 12th is a check digit over the first eleven (the same algorithm as the
 * IIN): the weighted sum with weights 1…11 modulo 11; when that is 10, again with weights
 * 3…11, 1, 2; when that is 10 too, the number is not valid.
 */
const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The check digit of the first eleven digits, or `undefined` when no digit fits. */
export function binCheckDigit(first11: string): number | undefined {
  const digits = [...first11].map(Number);
  const sum = (weights: number[]) => digits.reduce((acc, d, i) => acc + d * weights[i], 0) % 11;
  const first = sum(FIRST_WEIGHTS);
  if (first !== 10) return first;
  const second = sum(SECOND_WEIGHTS);
  return second === 10 ? undefined : second;
}

/** Why a BIN is not valid, or `undefined` when it is. */
export function binProblem(bin: string): 'FORMAT' | 'CHECKSUM' | undefined {
  if (!/^\d{12}$/.test(bin)) return 'FORMAT';
  return binCheckDigit(bin.slice(0, 11)) === Number(bin[11]) ? undefined : 'CHECKSUM';
}
