import { randomInt } from 'node:crypto'

/** A source of numbers in [0, 1), like `Math.random`. */
export type Random = () => number

const UINT32 = 2 ** 32

/**
 * mulberry32: a small, fast 32-bit PRNG. Good enough to choose which socket to cut; not for cryptography.
 * The same seed always gives the same sequence, on every platform and Node version.
 *
 * @example
 * const random = mulberry32(42)
 * random() // 0.6011037519201636, every time
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / UINT32
  }
}

/**
 * A second sequence from the same seed that does not overlap the first in any useful way, for a consumer
 * whose calls must not shift the first sequence (one stream per consumer keeps each one replayable).
 *
 * @example
 * const forAdapter = derivedStream(seed, 1)
 */
export function derivedStream(seed: number, stream: number): Random {
  // The golden-ratio constant spreads stream numbers over the 32-bit seed space.
  return mulberry32((seed ^ Math.imul(stream, 0x9e3779b9)) >>> 0)
}

/**
 * The seed of this run: `CHAOS_SEED` (a whole number from 0 to 4294967295, decimal or 0x-hex) when set,
 * otherwise one picked at random, so runs differ but every one can be replayed by its seed.
 *
 * @example
 * const { seed } = chaosSeed() // CHAOS_SEED=1234 → 1234
 */
export function chaosSeed(env: NodeJS.ProcessEnv = process.env): { seed: number; picked: boolean } {
  const raw = env.CHAOS_SEED?.trim()
  if (raw === undefined || raw === '') return { seed: randomInt(UINT32), picked: true }
  const seed = /^(0x[0-9a-f]+|\d+)$/i.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(seed) || seed < 0 || seed >= UINT32) {
    throw new Error(
      `Failed to read CHAOS_SEED "${raw}": expected a whole number from 0 to 4294967295 (decimal or 0x-hex). Please pass the seed a failed run printed.`,
    )
  }
  return { seed, picked: false }
}
