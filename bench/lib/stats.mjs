/** @typedef {{ median: number, min: number, max: number, n: number }} Summary */

/**
 * Median, min and max of a list of numbers (the report's "median (min–max)").
 *
 * @param {readonly number[]} values
 * @returns {Summary}
 */
export function summarize(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 }
  const mid = Math.floor(sorted.length / 2)
  // sorted is not empty: the `?? NaN` only tells the type checker so.
  const upper = sorted[mid] ?? NaN
  const median = sorted.length % 2 ? upper : ((sorted[mid - 1] ?? NaN) + upper) / 2
  return { median, min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN, n: sorted.length }
}

/**
 * The p-th percentile (0–100) of samples, nearest-rank.
 *
 * @param {readonly number[]} samples
 * @param {number} p
 * @returns {number}
 */
export function percentile(samples, p) {
  if (samples.length === 0) return NaN
  const sorted = Float64Array.from(samples).sort()
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? NaN
}

/**
 * The middle value of samples.
 *
 * @param {readonly number[]} samples
 */
export const median = (samples) => summarize(samples).median
