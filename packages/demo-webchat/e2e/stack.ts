import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type PreviewServer, preview } from 'vite'

const here = dirname(fileURLToPath(import.meta.url))
const DEMO_ROOT = resolve(here, '..')
const SERVER_ENTRY = resolve(here, '../../auth-middleware/dist/server.js')

export interface Stack {
  /** `http://127.0.0.1:<port>` of the middleware. */
  middlewareUrl: string
  /** The visitor page, already pointed at this stack's middleware. */
  visitorUrl: string
  /** The agent console, already pointed at this stack's middleware. */
  agentUrl: string
  /** Everything the middleware printed (for failure messages). */
  output(): string
  /**
   * Stops the middleware with SIGTERM (as a deployment does) and starts it again on the same port, with the
   * same `SESSION_TOKEN_SECRET` or, with `newSecret`, a new one. The sandbox keeps its chats in memory: after
   * this, every chat of before is gone. Resolves once the new process listens. `whileDown` runs (and is
   * awaited) after the old process exited and before the new one starts: to look at pages while it is down.
   */
  restartMiddleware(options?: { newSecret?: boolean; whileDown?: () => Promise<void> }): Promise<void>
  stop(): Promise<void>
}

/** A TCP port nothing listens on right now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/**
 * Resolves with the middleware's address the moment it logs that it listens (Fastify's "Server listening at",
 * at LOG_LEVEL info); fails as soon as it exits, or after `timeoutMs`.
 */
function listeningAddress(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  const pattern = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/
  return new Promise((resolve, reject) => {
    const stop = () => {
      child.stdout?.off('data', look)
      child.off('exit', exited)
      clearTimeout(timer)
    }
    // Added after the collector in startStack, so output() already holds the chunk when this runs.
    const look = () => {
      const address = pattern.exec(output())?.[1]
      if (address === undefined) return
      stop()
      resolve(address)
    }
    const exited = (code: number | null) => {
      stop()
      reject(new Error(`Failed to start the middleware: it exited with ${code}.\n${output()}`))
    }
    const timer = setTimeout(() => {
      stop()
      reject(new Error(`Failed to start the middleware: it did not listen within ${timeoutMs / 1000} s.\n${output()}`))
    }, timeoutMs)
    child.stdout?.on('data', look)
    child.once('exit', exited)
    look()
  })
}

/**
 * The whole demo on loopback, as `npm start` runs it but on free ports: the built middleware in sandbox mode
 * (a child process, so a test can also kill and restart it) and the built demo pages (Vite preview).
 *
 * @example
 * const stack = await startStack({ reservationTimeoutSeconds: 5 })
 * await page.goto(stack.visitorUrl)
 */
export interface StackOptions {
  reservationTimeoutSeconds?: number
  /** More of the middleware's environment, e.g. short `VISITOR_*` presence timings. */
  env?: Record<string, string>
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const site: PreviewServer = await preview({
    root: DEMO_ROOT,
    logLevel: 'silent',
    preview: { host: '127.0.0.1', port: await freePort(), strictPort: true },
  })
  const siteUrl = site.resolvedUrls?.local[0]?.replace(/\/$/, '')
  if (!siteUrl) throw new Error('Failed to serve the demo pages: Vite preview reported no URL. Please build the demo first.')

  let log = ''
  let secret = randomBytes(32).toString('base64url')
  /** Starts the middleware on `port` (0: any free one) and resolves with its address once it listens. */
  const spawnMiddleware = async (port: number): Promise<{ child: ChildProcess; address: string }> => {
    const from = log.length
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'development',
        FLEX_MODE: 'sandbox',
        HOST: '127.0.0.1',
        // Port 0: the system picks a free one, and the listening line (info) says which.
        PORT: String(port),
        LOG_LEVEL: 'info',
        SESSION_TOKEN_SECRET: secret,
        ALLOWED_ORIGINS: siteUrl,
        SANDBOX_RESERVATION_TIMEOUT_SECONDS: String(options.reservationTimeoutSeconds ?? 30),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))
    try {
      // Only this process's output: after a restart, the first one's listening line is still in the log.
      return { child, address: await listeningAddress(child, () => log.slice(from), 20_000) }
    } catch (err) {
      child.kill('SIGKILL')
      throw err
    }
  }
  let child: ChildProcess
  let middlewareUrl: string
  try {
    ;({ child, address: middlewareUrl } = await spawnMiddleware(0))
  } catch (err) {
    await site.close()
    throw err
  }
  const stopMiddleware = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    await exited
  }

  const query = `?middleware=${encodeURIComponent(middlewareUrl)}`
  return {
    middlewareUrl,
    visitorUrl: `${siteUrl}/${query}`,
    agentUrl: `${siteUrl}/agent.html${query}`,
    output: () => log,
    async restartMiddleware({ newSecret = false, whileDown } = {}) {
      await stopMiddleware()
      await whileDown?.()
      if (newSecret) secret = randomBytes(32).toString('base64url')
      const restarted = await spawnMiddleware(Number(new URL(middlewareUrl).port))
      child = restarted.child
      if (restarted.address !== middlewareUrl) {
        throw new Error(`Failed to restart the middleware: it listens at ${restarted.address}, not ${middlewareUrl}.`)
      }
    },
    async stop() {
      await stopMiddleware()
      await site.close()
    },
  }
}
