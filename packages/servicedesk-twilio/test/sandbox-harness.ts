/**
 * A `FakeSandbox` per test file and `SandboxTransport`s wired to it over the `ws` package's `WebSocket`
 * (Node 20 has no global one), with short timeouts and backoff so that reconnections run on real timers.
 */
import { afterAll, afterEach, beforeAll } from 'vitest'
import { WebSocket } from 'ws'
import type { ChatTransportEvents, ConnectParams } from '../src/index.js'
import { SandboxTransport, type SandboxTransportOptions } from '../src/transports/sandbox.js'
import { FakeSandbox, SANDBOX_CHAT_SID, SANDBOX_TOKEN, SANDBOX_VISITOR } from './fake-sandbox.js'

/** Reconnection waits in the tests: 20 ms doubling to 80 ms. */
export const TEST_BACKOFF = { minMs: 20, maxMs: 80 }

export function useFakeSandbox() {
  const opened: SandboxTransport[] = []
  const harness = {
    sandbox: undefined as unknown as FakeSandbox,
    /** A transport the harness shuts down after the test. */
    transport(options: SandboxTransportOptions = {}): SandboxTransport {
      const transport = new SandboxTransport({ WebSocket, requestTimeoutMs: 2_000, backoff: TEST_BACKOFF, ...options })
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
  })
  afterAll(() => harness.sandbox.stop())
  return harness
}

/** The names of the events a transport emitted, with their first argument when it is a string. */
export function eventNames(seen: Array<[keyof ChatTransportEvents, unknown[]]>): string[] {
  return seen.map(([name, args]) => (typeof args[0] === 'string' ? `${name} ${args[0]}` : name))
}

/** Waits real time: for "nothing happens" checks, which no event can end early. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
