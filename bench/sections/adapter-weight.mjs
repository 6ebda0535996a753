import { paths } from '../lib/paths.mjs'

/** @typedef {typeof import('../../packages/servicedesk-twilio/bench/measure-bundle.mjs')} MeasureBundleModule */
/** @typedef {Awaited<ReturnType<MeasureBundleModule['measureBundle']>>} BundleMeasurement */
/** @typedef {Awaited<ReturnType<typeof benchAdapterWeight>>} AdapterResults */

/**
 * Section 2: the adapter's chunks, gzip and brotli, stock and for ES2020 browsers with the Twilio SDKs'
 * core-js imports left out (both measured by `packages/servicedesk-twilio/bench/measure-bundle.mjs`).
 */
export async function benchAdapterWeight() {
  /** @type {MeasureBundleModule} */
  const { measureBundle, INITIAL_GZIP_GOAL, CONVERSATIONS_GZIP_GOAL } = await import(paths.servicedeskBench)
  const stock = await measureBundle('stock')
  const modern = await measureBundle('modern')
  /**
   * @param {BundleMeasurement} build
   * @param {...string} keys rows to add up
   */
  const gzipOf = (build, ...keys) => keys.reduce((sum, key) => sum + (build.rows.find((row) => row.key === key)?.gzip ?? NaN), 0)
  return {
    stock,
    modern,
    initialGzipBytes: gzipOf(stock, 'initial'),
    initialHasSdk: stock.sdkBytesInInitial !== 0,
    conversationsStockGzipBytes: gzipOf(stock, 'conversations', 'conversations-sdk'),
    conversationsModernGzipBytes: gzipOf(modern, 'conversations', 'conversations-sdk'),
    goals: { initialGzipBytes: INITIAL_GZIP_GOAL, conversationsGzipBytes: CONVERSATIONS_GZIP_GOAL },
    problems: [...stock.problems, ...modern.problems],
  }
}
