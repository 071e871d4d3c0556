/**
 * A small seeded pseudo-random generator (mulberry32), so a stand-in started with the same
 * seed produces the same box gaps, noise and timings every run.
 * @param seed any 32-bit integer; default 1.
 * @returns a function giving floats in [0, 1).
 */
export function seededRandom(seed = 1): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
