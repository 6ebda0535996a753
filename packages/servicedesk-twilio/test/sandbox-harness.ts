/**
 * A `FakeSandbox` per test file and `SandboxTransport`s wired to it over the `ws` package's `WebSocket`
 * (Node 20 has no global one, and Node 22+'s must not decide what the tests use), with short timeouts and
 * backoff so that reconnections run on real timers, through `RetryWaits` so that a test can see them.
 */
import { afterAll, afterEach, beforeAll } from 'vitest'
import { WebSocket } from 'ws'
import type { ChatTransportEvents, ConnectParams } from '../src/index.js'
import type { Schedule } from '../src/sandbox.js'
import { SandboxTransport, type SandboxTransportOptions } from '../src/transports/sandbox.js'
import { FakeSandbox, SANDBOX_CHAT_SID, SANDBOX_TOKEN, SANDBOX_VISITOR } from './fake-sandbox.js'

/** Reconnection waits in the tests: 20 ms doubling to 80 ms. */
export const TEST_BACKOFF = { minMs: 20, maxMs: 80 }

/**
 * The waits before reconnection attempts of the transports of one test. Each runs on a real timer, unless
 * `hold` is set when it starts: then only `runPending()` runs it. Every reconnection attempt starts from one of
 * these waits, so "no wait pending and no attempt under way" proves that no attempt can start any more,
 * without waiting to see that none does.
 */
export class RetryWaits {
  /** Each pending wait, with the function that runs it. */
  readonly #pending = new Map<symbol, () => void>()
  /** Holds the waits started from now on until `runPending()`. */
  hold = false
  /** How many waits started (pending, run or cancelled). */
  started = 0

  readonly schedule: Schedule = (callback, ms) => {
    this.started += 1
    const key = Symbol('retry wait')
    let timer: ReturnType<typeof setTimeout> | undefined
    const cancel = () => {
      clearTimeout(timer)
      this.#pending.delete(key)
    }
    this.#pending.set(key, () => {
      cancel()
      callback()
    })
    if (!this.hold) timer = setTimeout(() => this.#pending.get(key)?.(), ms)
    return cancel
  }

  /** Waits started and neither run nor cancelled yet. */
  get pending(): number {
    return this.#pending.size
  }

  /** Ends every pending wait now, as if its time had come. */
  runPending(): void {
    for (const run of [...this.#pending.values()]) run()
  }
}

export function useFakeSandbox() {
  const opened: SandboxTransport[] = []
  /** Client sockets opened and not yet closed, over all transports of the test. */
  const live = new Set<WebSocket>()
  /** The `ws` WebSocket, counting its open sockets so that a test can wait for an attempt to end. */
  class CountedWebSocket extends WebSocket {
    constructor(url: string) {
      super(url)
      live.add(this)
      this.addEventListener('close', () => live.delete(this))
    }
  }
  const harness = {
    sandbox: undefined as unknown as FakeSandbox,
    /** The reconnection waits of this test's transports; fresh for each test. */
    retries: new RetryWaits(),
    /** How many client sockets are open or opening. */
    liveSockets: () => live.size,
    /** A transport the harness shuts down after the test. */
    transport(options: SandboxTransportOptions = {}): SandboxTransport {
      const transport = new SandboxTransport({
        WebSocket: CountedWebSocket,
        requestTimeoutMs: 2_000,
        backoff: TEST_BACKOFF,
        schedule: harness.retries.schedule,
        ...options,
      })
      opened.push(transport)
      return transport
    },
    params(extra: Partial<ConnectParams> = {}): ConnectParams {
      return { token: SANDBOX_TOKEN, chatSid: SANDBOX_CHAT_SID, identity: SANDBOX_VISITOR, sandboxUrl: harness.sandbox.url, ...extra }
    },
  }
  beforeAll(async () => {
    harness.sandbox = await FakeSandbox.start()
  })
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((transport) => transport.shutdown()))
    harness.sandbox.reset()
    harness.retries = new RetryWaits()
  })
  afterAll(() => harness.sandbox.stop())
  return harness
}

/** The names of the events a transport emitted, with their first argument when it is a string. */
export function eventNames(seen: Array<[keyof ChatTransportEvents, unknown[]]>): string[] {
  return seen.map(([name, args]) => (typeof args[0] === 'string' ? `${name} ${args[0]}` : name))
}
