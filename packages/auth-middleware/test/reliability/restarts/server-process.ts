import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SESSION_SECRET } from '../../harness.js'

const SERVER = resolve(dirname(fileURLToPath(import.meta.url)), '../../../dist/server.js')

export interface ServerProcess {
  base: string
  child: ChildProcess
  /** Everything it wrote. */
  output: string[]
  /** Resolves with the exit code. */
  exited: Promise<number | null>
  /** Resolves once the output (so far or to come) matches `pattern`; rejects after `timeoutMs` or when the process exits first. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>
}

/**
 * The built middleware (`dist/server.js`, `npm run build`) as its own process in sandbox mode on `port`,
 * started from an empty directory so that no `.env` is picked up.
 *
 * @example
 * const server = await startServerProcess(port)
 * server.child.kill('SIGTERM')
 */
export async function startServerProcess(port: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER], {
    cwd: mkdtempSync(join(tmpdir(), 'flex-escalate-server-')),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      FLEX_MODE: 'sandbox',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      SESSION_TOKEN_SECRET: SESSION_SECRET,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const outputListeners = new Set<() => void>()
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)))
  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Failed to start dist/server.js on port ${port} within 10 s: ${output.join('').slice(-500)}`)),
      10_000,
    )
    const collect = (chunk: Buffer) => {
      output.push(chunk.toString())
      for (const listener of [...outputListeners]) listener()
      if (output.join('').includes('Server listening at')) {
        clearTimeout(timer)
        resolveReady()
      }
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(
        new Error(
          `Failed to start dist/server.js: it exited with ${code}: ${output.join('').slice(-500)}. Please run npm run build first.`,
        ),
      )
    })
  })
  const waitForOutput = (pattern: RegExp, timeoutMs: number) =>
    new Promise<void>((resolveSeen, reject) => {
      const stop = () => {
        outputListeners.delete(look)
        clearTimeout(timer)
      }
      const look = () => {
        if (!pattern.test(output.join(''))) return false
        stop()
        resolveSeen()
        return true
      }
      const timer = setTimeout(() => {
        stop()
        reject(new Error(`Failed to see ${pattern} in the output of dist/server.js within ${timeoutMs} ms: ${output.join('').slice(-500)}`))
      }, timeoutMs)
      void exited.then((code) => {
        if (!outputListeners.has(look)) return
        stop()
        reject(
          new Error(`Failed to see ${pattern} in the output of dist/server.js: it exited with ${code}: ${output.join('').slice(-500)}`),
        )
      })
      if (!look()) outputListeners.add(look)
    })
  return { base: `http://127.0.0.1:${port}`, child, output, exited, waitForOutput }
}
