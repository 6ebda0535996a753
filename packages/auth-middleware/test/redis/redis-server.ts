import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server']

/**
 * The `redis-server` binary: `REDIS_SERVER_PATH`, the usual paths, or, as root on Debian/Ubuntu, the Debian
 * package `redis-server` installed with apt-get (like the browser tests do for Chromium). Never skips:
 * without it the suite fails saying what to install.
 *
 * @example
 * const binary = findOrInstallRedis()
 */
export function findOrInstallRedis(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): string {
  const configured = process.env.REDIS_SERVER_PATH
  if (configured) {
    if (existsSync(configured)) return configured
    throw new Error(
      `Failed to find redis-server: REDIS_SERVER_PATH=${configured} does not exist. Please point it at the binary or unset it.`,
    )
  }
  const found = CANDIDATES.find((path) => existsSync(path))
  if (found) return found
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'Failed to find redis-server for the shared rate-limit test, and this process cannot install it. Please install the `redis-server` package (apt-get install redis-server) or set REDIS_SERVER_PATH.',
    )
  }
  log('reliability: redis-server not found; installing the Debian package `redis-server` with apt-get...')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env })
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  })
  const installed = CANDIDATES.find((path) => existsSync(path))
  if (!installed)
    throw new Error('Failed to install redis-server: apt-get finished but no redis-server binary appeared. Please install it by hand.')
  return installed
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export interface RedisServer {
  url: string
  stop(): Promise<void>
}

/**
 * Starts a throw-away `redis-server` on a free loopback port, with no persistence at all.
 *
 * @example
 * const redis = await startRedis()
 * try { ...REDIS_URL: redis.url... } finally { await redis.stop() }
 */
export async function startRedis(): Promise<RedisServer> {
  const binary = findOrInstallRedis()
  const port = await freePort()
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  await new Promise<void>((resolve, reject) => {
    let output = ''
    const timer = setTimeout(
      () => reject(new Error(`Failed to start redis-server on port ${port}: not ready after 10 s. Output: ${output.slice(-500)}`)),
      10_000,
    )
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Failed to start redis-server: it exited with ${code}. Output: ${output.slice(-500)}`))
    })
  })
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
