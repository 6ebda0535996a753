import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from './stack.js'

const START = fileURLToPath(new URL('../scripts/start.mjs', import.meta.url))
/** Where start.mjs keeps the secret (scripts/session-secret.mjs). */
const SESSION_SECRET_FILE = fileURLToPath(new URL('../.secrets/session-token-secret', import.meta.url))

/** `scripts/start.mjs` as `npm start` runs it (no build), on free ports; resolves once it printed its URLs. */
class Demo {
  private out = ''
  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.out += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (this.out += chunk.toString()))
  }

  static async start(ports: { middleware: number; pages: number }, secret?: string): Promise<Demo> {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(ports.middleware), DEMO_PORT: String(ports.pages) }
    delete env.SESSION_TOKEN_SECRET
    if (secret !== undefined) env.SESSION_TOKEN_SECRET = secret
    const demo = new Demo(spawn(process.execPath, [START], { env, stdio: ['ignore', 'pipe', 'pipe'] }))
    await demo.printed('Press Ctrl-C to stop.')
    return demo
  }

  output(): string {
    return this.out
  }

  /** Resolves once the output contains `text`; fails at once if the script exits first. */
  printed(text: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        this.child.stdout?.off('data', look)
        this.child.off('exit', exited)
        clearTimeout(timer)
        if (error) reject(error)
        else resolve()
      }
      const look = () => {
        if (this.out.includes(text)) done()
      }
      const exited = (code: number | null) => done(new Error(`Failed to see "${text}": start.mjs exited with ${code}.\n${this.out}`))
      const timer = setTimeout(() => done(new Error(`Failed to see "${text}" within ${timeoutMs / 1000} s.\n${this.out}`)), timeoutMs)
      this.child.stdout?.on('data', look)
      this.child.once('exit', exited)
      look()
    })
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal)
  }

  /** Ctrl-C: resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode
    const exited = once(this.child, 'exit') as Promise<[number | null]>
    this.child.kill('SIGINT')
    const [code] = await exited
    return code
  }
}

describe('scripts/start.mjs keeps the session secret across its own restarts', () => {
  const running: Demo[] = []
  afterEach(async () => {
    await Promise.all(running.splice(0).map((demo) => demo.stop()))
  })
  const start = async (...args: Parameters<typeof Demo.start>) => {
    const demo = await Demo.start(...args)
    running.push(demo)
    return demo
  }

  it('a visitor session of one run still refreshes after a restart of the script, and of the middleware alone', async () => {
    const ports = { middleware: await freePort(), pages: await freePort() }
    const middleware = `http://127.0.0.1:${ports.middleware}`
    const headers = { 'content-type': 'application/json', origin: `http://127.0.0.1:${ports.pages}` }
    const refresh = (sessionToken: string, port = ports.middleware) =>
      fetch(`http://127.0.0.1:${port}/auth/refresh`, {
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${sessionToken}` },
        body: '{}',
      })

    const first = await start(ports)
    const auth = await fetch(`${middleware}/auth`, { method: 'POST', headers, body: '{}' })
    expect(auth.status).toBe(201)
    const { sessionToken } = (await auth.json()) as { sessionToken: string }
    expect(first.output()).toContain('sessions       secret kept in')
    expect(await first.stop()).toBe(0)
    running.splice(0)

    // A new run of the script: the same secret, read back from the file.
    const second = await start(ports)
    expect((await refresh(sessionToken)).status).toBe(200)

    // `kill -USR2` (or `rs` + Enter): only the middleware restarts, with the same secret.
    if (process.platform !== 'win32') {
      second.signal('SIGUSR2')
      await second.printed('the middleware is back on')
      expect((await refresh(sessionToken)).status).toBe(200)
    }

    // Whatever it printed, never the secret itself.
    const secret = readFileSync(SESSION_SECRET_FILE, 'utf8').trim()
    expect(first.output() + second.output()).not.toContain(secret)
  })

  it('an explicit SESSION_TOKEN_SECRET wins over the kept one', async () => {
    const ports = { middleware: await freePort(), pages: await freePort() }
    const headers = { 'content-type': 'application/json', origin: `http://127.0.0.1:${ports.pages}` }
    const demo = await start(ports, 'an-explicit-secret-of-at-least-32-characters')
    expect(demo.output()).toContain('SESSION_TOKEN_SECRET from the environment')
    const auth = await fetch(`http://127.0.0.1:${ports.middleware}/auth`, { method: 'POST', headers, body: '{}' })
    const { sessionToken } = (await auth.json()) as { sessionToken: string }
    expect(await demo.stop()).toBe(0)
    running.splice(0)

    // Signed with the explicit secret: the kept one (used without the variable) refuses it.
    await start(ports)
    const refreshed = await fetch(`http://127.0.0.1:${ports.middleware}/auth/refresh`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${sessionToken}` },
      body: '{}',
    })
    expect(refreshed.status).toBe(401)
  })
})
