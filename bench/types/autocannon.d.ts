/**
 * The part of autocannon 8 the bench uses (`bench/lib/load.mjs`): one run with a callback. autocannon ships
 * no types and there is no `@types/autocannon` in this repository.
 */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  namespace autocannon {
    /** One request of the `requests` rotation. */
    interface Request {
      method?: string
      path?: string
      headers?: Record<string, string>
      body?: string
    }

    interface Options {
      url: string
      connections?: number
      /** Seconds. */
      duration?: number
      /** Seconds before a request counts as timed out. */
      timeout?: number
      requests?: Request[]
    }

    /** A histogram's summary (latency in ms, requests per second). */
    interface Histogram {
      average: number
      mean: number
      min: number
      max: number
      p50: number
      p99: number
      /** The total count (requests: every completed request). */
      total: number
    }

    interface Result {
      errors: number
      timeouts: number
      non2xx: number
      latency: Histogram
      requests: Histogram
    }
  }

  /** Runs `options` and calls back with the result; returns the run's tracker. */
  function autocannon(options: autocannon.Options, callback: (error: Error | null, result: autocannon.Result) => void): EventEmitter

  export = autocannon
}
