/** A seeded source of numbers in [0, 1). */
export type Rand = () => number;

/**
 * A small, fast, seedable PRNG (mulberry32): generated corpora and estates must be
 * reproducible byte for byte, on every machine.
 */
export function prng(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
