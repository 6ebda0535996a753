import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { paths } from './paths.mjs'
import { stopChild } from './server-process.mjs'

/** @typedef {import('../types/twilio-fake.js').TwilioFakeMessage} TwilioFakeMessage */
/** @typedef {import('../types/twilio-fake.js').TwilioFakeSample} TwilioFakeSample */
/** @typedef {import('../types/twilio-fake.js').TraceCall} TraceCall */
/** @typedef {Awaited<ReturnType<typeof startTwilioFake>>} TwilioFake */

/**
 * Whether an IPC message is the fake's message of `type` (the fake is the bench's own: its messages are trusted in
 * shape once their type matches).
 *
 * @template {TwilioFakeMessage['type']} K
 * @param {unknown} message
 * @param {K} type
 * @returns {message is Extract<TwilioFakeMessage, { type: K }>}
 */
function isFakeMessage(message, type) {
  return typeof message === 'object' && message !== null && 'type' in message && message.type === type
}

/**
 * The bench's Twilio over HTTPS (`packages/auth-middleware/bench/twilio-https-server.ts`) in a process of its own, so
 * that the server under test meets Twilio over the network (TLS, the SDK's pool, latency) and the fake's CPU and
 * memory are not counted as the server's. A server under test reaches it when started with `execArgv()` and `env()`.
 *
 * @example
 * const fake = await startTwilioFake({ latencyMs: 150 })
 * const server = await startServer(paths.authServer, ['conversations'], { execArgv: fake.execArgv(), env: fake.env() })
 * await fake.reset(); ...load...; const { calls, violationCount } = await fake.sample()
 * await server.stop(); await fake.stop()
 *
 * @param {{ latencyMs?: number, startTimeoutMs?: number }} [options] `latencyMs` delays every Twilio reply
 */
export async function startTwilioFake({ latencyMs = 0, startTimeoutMs = 30_000 } = {}) {
  const entry = paths.twilioHttpsServer
  for (const file of [entry, paths.loopbackTwilio]) {
    if (!existsSync(file)) {
      throw new Error(
        `Failed to start the Twilio fake: ${file} is missing. Please compile the bench servers: ` +
          '`node node_modules/typescript/bin/tsc -p packages/auth-middleware/bench/tsconfig.json` (bench/run.mjs does it).',
      )
    }
  }
  let output = ''
  const child = fork(entry, [`--latency-ms=${latencyMs}`], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
  // Both are pipes (`stdio` above): never null here.
  child.stdout?.on('data', (/** @type {Buffer} */ chunk) => (output = (output + chunk).slice(-20_000)))
  child.stderr?.on('data', (/** @type {Buffer} */ chunk) => (output = (output + chunk).slice(-20_000)))

  /** @type {Promise<{ port: number, certPath: string }>} */
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`Failed to start the Twilio fake ${entry}: it did not report ready within ${startTimeoutMs / 1000} s.\n${output}`))
    }, startTimeoutMs)
    child.on('message', (message) => {
      if (isFakeMessage(message, 'ready')) {
        clearTimeout(timer)
        resolve(message)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Failed to start the Twilio fake ${entry}: it exited with ${code} before listening.\n${output}`))
    })
  })
  const { port, certPath } = await ready

  /**
   * Sends `message` and waits for the fake's reply of `type`.
   *
   * @template {TwilioFakeMessage['type']} K
   * @param {object} message
   * @param {K} type
   * @returns {Promise<Extract<TwilioFakeMessage, { type: K }>>}
   */
  function ask(message, type) {
    /** @param {number | null | string} how */
    const exited = (how) => new Error(`Failed to reach the Twilio fake: it exited (${how}) during the run. Its output:\n${output}`)
    if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(exited(child.exitCode ?? child.signalCode))
    return new Promise((resolve, reject) => {
      /** @param {unknown} reply */
      const onMessage = (reply) => {
        if (!isFakeMessage(reply, type)) return
        cleanup()
        resolve(reply)
      }
      /** @param {number | null} code @param {string | null} signal */
      const onExit = (code, signal) => {
        cleanup()
        reject(exited(code ?? signal))
      }
      const cleanup = () => {
        child.off('message', onMessage)
        child.off('exit', onExit)
      }
      child.on('message', onMessage)
      child.once('exit', onExit)
      child.send(message)
    })
  }

  return {
    port,
    /** The fake's certificate (PEM), for NODE_EXTRA_CA_CERTS or a client's `ca`. */
    certPath,
    pid: child.pid,
    /** What the fake printed (for error messages). */
    output: () => output,
    /**
     * The environment a server under test needs, set when it starts (NODE_EXTRA_CA_CERTS is read only then).
     * @returns {Record<string, string>}
     */
    env: () => ({ NODE_EXTRA_CA_CERTS: certPath, TWILIO_FAKE_PORT: String(port) }),
    /** The preload that sends a server under test's Twilio connections here: its `execArgv`. */
    execArgv: () => ['--require', paths.loopbackTwilio],
    /**
     * The counters since the last reset; `gc` collects first when the fake runs with --expose-gc.
     * @param {{ gc?: boolean }} [options]
     */
    sample: ({ gc = false } = {}) => ask({ type: 'sample', gc }, 'sample'),
    /** Zeroes the counters and the CPU baseline; resolves once the fake has done it. */
    reset: () => ask({ type: 'reset' }, 'reset').then(() => undefined),
    /**
     * Starts recording round trips (at most `max`); resolves once recording.
     * @param {number} [max]
     */
    trace: (max = 1000) => ask({ type: 'trace', on: true, max }, 'trace').then(() => undefined),
    /**
     * Stops recording; resolves with what was recorded.
     * @returns {Promise<TraceCall[]>}
     */
    stopTrace: () => ask({ type: 'trace', on: false }, 'trace').then((reply) => reply.calls),
    stop: () => stopChild(child),
  }
}
