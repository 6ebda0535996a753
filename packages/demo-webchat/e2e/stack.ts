import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { preview, type PreviewServer } from 'vite'

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
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Failed to start the middleware: it exited with ${child.exitCode}.\n${output()}`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`Failed to start the middleware: ${url}/healthz did not answer within 20 s.\n${output()}`)
}

/**
 * The whole demo on loopback, as `npm start` runs it but on free ports: the built middleware in sandbox mode
 * (a child process, so a test can also kill and restart it) and the built demo pages (Vite preview).
 *
 * @example
 * const stack = await startStack({ reservationTimeoutSeconds: 5 })
 * await page.goto(stack.visitorUrl)
 */
export async function startStack(options: { reservationTimeoutSeconds?: number } = {}): Promise<Stack> {
  const middlewarePort = await freePort()
  const middlewareUrl = `http://127.0.0.1:${middlewarePort}`
  const site: PreviewServer = await preview({
    root: DEMO_ROOT,
    logLevel: 'silent',
    preview: { host: '127.0.0.1', port: await freePort(), strictPort: true },
  })
  const siteUrl = site.resolvedUrls?.local[0]?.replace(/\/$/, '')
  if (!siteUrl) throw new Error('Failed to serve the demo pages: Vite preview reported no URL. Please build the demo first.')

  let log = ''
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      FLEX_MODE: 'sandbox',
      HOST: '127.0.0.1',
      PORT: String(middlewarePort),
      LOG_LEVEL: 'warn',
      SESSION_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      ALLOWED_ORIGINS: siteUrl,
      SANDBOX_RESERVATION_TIMEOUT_SECONDS: String(options.reservationTimeoutSeconds ?? 30),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))
  try {
    await waitForHealth(middlewareUrl, child, () => log)
  } catch (err) {
    child.kill('SIGKILL')
    await site.close()
    throw err
  }

  const query = `?middleware=${encodeURIComponent(middlewareUrl)}`
  return {
    middlewareUrl,
    visitorUrl: `${siteUrl}/${query}`,
    agentUrl: `${siteUrl}/agent.html${query}`,
    output: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await once(child, 'exit')
      }
      await site.close()
    },
  }
}
