import { fork } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'

/** @typedef {import('../types/auth-middleware.js').ProbeSample} ProbeSample */
/** @typedef {{ type: 'ready', port: number } | ProbeSample} ProbeMessage what the probe sends over IPC */
/** @typedef {Awaited<ReturnType<typeof startServer>>} BenchServer */

/**
 * Whether an IPC message is the probe's message of `type` (the probe is the bench's own: its messages are
 * trusted in shape once their type matches).
 *
 * @template {ProbeMessage['type']} K
 * @param {unknown} message
 * @param {K} type
 * @returns {message is Extract<ProbeMessage, { type: K }>}
 */
function isProbeMessage(message, type) {
  return typeof message === 'object' && message !== null && 'type' in message && message.type === type
}

/**
 * Stops a bench child (a server or the Twilio fake) as they all are stopped: `{ type: 'stop' }` over IPC,
 * then SIGKILL if it has not exited within 3 s. Resolves once it has exited.
 *
 * @example
 * await stopChild(child)
 *
 * @param {import('node:child_process').ChildProcess} child
 */
export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.send({ type: 'stop' })
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
  await exited
  clearTimeout(timer)
}

/**
 * A bench server in a child process (so its CPU and memory are its own), spoken to over IPC through the
 * probe it runs (`packages/auth-middleware/bench/server-probe.ts`).
 *
 * @example
 * const server = await startServer(paths.authServer, ['conversations'])
 * server.reset(); ...load...; const sample = await server.sample()
 * await server.stop()
 *
 * @param {string} entry the server's script
 * @param {string[]} [args]
 * @param {{ execArgv?: string[], env?: Record<string, string>, startTimeoutMs?: number }} [options] `env` is added to
 *   this process's environment (e.g. the Twilio fake's, from bench/lib/twilio-fake.mjs)
 */
export async function startServer(entry, args = [], { execArgv = [], env = {}, startTimeoutMs = 30_000 } = {}) {
  if (!existsSync(entry)) {
    throw new Error(
      `Failed to start a bench server: ${entry} is missing. Please run \`npm run build\` first (the bench compiles its servers after it).`,
    )
  }
  let output = ''
  const child = fork(entry, args, {
    execArgv,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  // Both are pipes (`stdio` above): never null here.
  child.stdout?.on('data', (/** @type {Buffer} */ chunk) => (output = (output + chunk).slice(-20_000)))
  child.stderr?.on('data', (/** @type {Buffer} */ chunk) => (output = (output + chunk).slice(-20_000)))

  /** @type {Promise<number>} */
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Failed to start ${entry}: it did not report ready within ${startTimeoutMs / 1000} s.\n${output}`)),
      startTimeoutMs,
    )
    child.on('message', (message) => {
      if (isProbeMessage(message, 'ready')) {
        clearTimeout(timer)
        resolve(message.port)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Failed to start ${entry}: it exited with ${code} before listening.\n${output}`))
    })
  })
  const port = await ready

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    /** What the server printed (for error messages). */
    output: () => output,
    /** Starts a measuring window: CPU and response counters go back to zero. */
    reset: () => child.send({ type: 'reset' }),
    /**
     * Ends a window; `gc` collects first, for memory figures.
     *
     * @param {{ gc?: boolean }} [options]
     * @returns {Promise<ProbeSample>}
     */
    async sample({ gc = false } = {}) {
      if (child.exitCode !== null) throw new Error(`The bench server ${entry} exited (${child.exitCode}) during the run.\n${output}`)
      child.send({ type: 'sample', gc })
      for (;;) {
        /** @type {unknown[]} */
        const [message] = await once(child, 'message')
        if (isProbeMessage(message, 'sample')) return message
      }
    },
    stop: () => stopChild(child),
  }
}
