/** A small deterministic PRNG (an LCG) in [0, 1), so a failing fuzz or crash case is reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}
