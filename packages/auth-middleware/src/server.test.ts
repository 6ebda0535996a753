import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { TEST_ENV } from '../test/harness.js'

// The built entry, as `npm start` runs it (turbo builds before testing).
const SERVER = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/server.js')

function startServer(env: Record<string, string>) {
  // An empty working directory, so that no developer's .env leaks into the test.
  const child = spawn(process.execPath, [SERVER], {
    cwd: mkdtempSync(join(tmpdir(), 'fe-server-')),
    env: { PATH: process.env.PATH ?? '', ...env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  /** The first match of `pattern` in stdout, as soon as it is written; undefined if the process exits or `timeoutMs` passes first. */
  const stdoutMatch = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpExecArray | undefined>((resolve) => {
      const finish = (match: RegExpExecArray | undefined) => {
        child.stdout.off('data', look)
        child.off('exit', exited)
        clearTimeout(timer)
        resolve(match)
      }
      // Listeners added after the collector above: stdout already holds the chunk when this runs.
      const look = () => {
        const match = pattern.exec(stdout)
        if (match) finish(match)
      }
      const exited = () => finish(pattern.exec(stdout) ?? undefined)
      const timer = setTimeout(() => finish(undefined), timeoutMs)
      child.stdout.on('data', look)
      child.once('exit', exited)
      look()
    })
  return { child, output: () => ({ stdout, stderr }), stdoutMatch }
}

describe('server entry', () => {
  it('refuses to start with one line naming the variable', async () => {
    const { TWILIO_ACCOUNT_SID: _omitted, ...env } = TEST_ENV
    const server = startServer({ ...env, FLEX_MODE: 'twilio' })
    const [code] = await once(server.child, 'exit')
    expect(code).toBe(1)
    expect(server.output().stderr).toBe('auth-middleware: TWILIO_ACCOUNT_SID is required: expected AC followed by 32 hex characters\n')
  })

  it('refuses to run the sandbox in production', async () => {
    const server = startServer({ NODE_ENV: 'production', SESSION_TOKEN_SECRET: TEST_ENV.SESSION_TOKEN_SECRET! })
    const [code] = await once(server.child, 'exit')
    expect(code).toBe(1)
    expect(server.output().stderr).toBe(
      'auth-middleware: TWILIO_ACCOUNT_SID is required when NODE_ENV=production: the sandbox is for development; set the TWILIO_* variables\n',
    )
  })

  it('listens on HOST:PORT, answers /healthz and drains on SIGTERM', async () => {
    const server = startServer({ ...TEST_ENV, LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0' })
    const address = (await server.stdoutMatch(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/, 10_000))?.[1]
    expect(address, server.output().stderr).toBeDefined()
    const res = await fetch(`${address}/healthz`)
    expect(await res.json()).toEqual({ status: 'ok' })
    server.child.kill('SIGTERM')
    const [code] = await once(server.child, 'exit')
    expect(code).toBe(0)
    expect(server.output().stdout).toMatch(/"signal":"SIGTERM".*shutting down/)
  }, 20_000)
})
