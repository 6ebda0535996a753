#!/usr/bin/env node
// Starts the demo on 127.0.0.1 with no Twilio or IBM account: the built middleware on the local Flex sandbox
// (a child process) and the built pages served by Vite's preview server (in this process).
// It builds nothing: run `npm run build` first. Ctrl-C stops both and exits 0; if either stops on its own,
// the other is stopped too and the exit code is non-zero.
//
// Environment: PORT (middleware, default 4000), DEMO_PORT (pages, default 5173). Other variables (WATSON_*
// for a real watsonx Assistant, for example) are passed through to the middleware.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { preview } from 'vite'

const HOST = '127.0.0.1'
const DEFAULT_MIDDLEWARE_PORT = 4000
const HEALTH_TIMEOUT_MS = 20_000
const STOP_TIMEOUT_MS = 5_000

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const serverPath = resolve(packageDir, '../auth-middleware/dist/server.js')
const distDir = resolve(packageDir, 'dist')

function fail(message) {
  console.error(`demo: ${message}`)
  process.exit(1)
}

function portFrom(name, fallback) {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`${name} must be a port number from 1 to 65535, got "${raw}".`)
  return port
}

const middlewarePort = portFrom('PORT', DEFAULT_MIDDLEWARE_PORT)
const demoPort = portFrom('DEMO_PORT', 5173)
if (middlewarePort === demoPort) fail(`PORT and DEMO_PORT must differ (both are ${demoPort}).`)

if (!existsSync(serverPath)) fail(`${serverPath} is missing. Build first: npm run build`)
if (!existsSync(resolve(distDir, 'index.html')) || !existsSync(resolve(distDir, 'agent.html'))) {
  fail(`${distDir} has no built pages. Build first: npm run build`)
}

const middlewareUrl = `http://${HOST}:${middlewarePort}`
const demoOrigin = `http://${HOST}:${demoPort}`
// The pages default to port 4000 on their own host: the query parameter is only needed for another port.
const query = middlewarePort === DEFAULT_MIDDLEWARE_PORT ? '' : `?middleware=${middlewareUrl}`

let stopping = false
let previewServer

// ---- the middleware ---------------------------------------------------------------------------------------

const middleware = spawn(process.execPath, [serverPath], {
  env: {
    ...process.env,
    FLEX_MODE: 'sandbox',
    HOST,
    PORT: String(middlewarePort),
    // A fresh secret per run: sessions of a previous run cannot be replayed, and nothing needs configuring.
    SESSION_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    ALLOWED_ORIGINS: `${demoOrigin},http://localhost:${demoPort}`,
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
})

const middlewareExited = new Promise((resolveExit) => {
  middleware.on('exit', (code, signal) => resolveExit({ code, signal }))
  middleware.on('error', (error) => resolveExit({ code: null, signal: null, error }))
})

void middlewareExited.then(({ code, signal, error }) => {
  if (stopping) return
  const why = error ? error.message : signal ? `signal ${signal}` : `exit code ${code}`
  void stop(1, `the middleware stopped unexpectedly (${why}); stopping the demo pages too.`)
})

// ---- stopping ---------------------------------------------------------------------------------------------

async function stop(exitCode, message) {
  if (stopping) return
  stopping = true
  if (message) console.error(`demo: ${message}`)
  const closing = previewServer ? previewServer.close().catch(() => undefined) : Promise.resolve()
  if (middleware.exitCode === null && middleware.signalCode === null) {
    middleware.kill('SIGTERM')
    const timer = setTimeout(() => middleware.kill('SIGKILL'), STOP_TIMEOUT_MS)
    await middlewareExited
    clearTimeout(timer)
  }
  await closing
  process.exit(exitCode)
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!stopping) console.log('\ndemo: stopping…')
    void stop(0)
  })
}

// ---- readiness ------------------------------------------------------------------------------------------

async function waitForHealth() {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (stopping) return false
    try {
      const response = await fetch(`${middlewareUrl}/healthz`, { signal: AbortSignal.timeout(1000) })
      if (response.ok) return true
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return false
}

try {
  previewServer = await preview({
    root: packageDir,
    // The built pages are all it serves: no need to load (and transpile) vite.config.ts.
    configFile: false,
    logLevel: 'warn',
    build: { outDir: distDir },
    preview: { host: HOST, port: demoPort, strictPort: true },
  })
  previewServer.httpServer.on('close', () => {
    if (!stopping) void stop(1, 'the page server stopped unexpectedly; stopping the middleware too.')
  })
} catch (error) {
  await stop(1, `cannot serve the pages on ${demoOrigin}: ${error instanceof Error ? error.message : String(error)}`)
}

if (!(await waitForHealth())) {
  await stop(1, `the middleware did not answer ${middlewareUrl}/healthz within ${HEALTH_TIMEOUT_MS / 1000} s.`)
}

if (!stopping) {
  console.log(
    [
      '',
      'flex-escalate demo on the local Flex sandbox (no Twilio or IBM account needed)',
      '',
      `  Visitor page   ${demoOrigin}/${query}`,
      `  Agent console  ${demoOrigin}/agent.html${query}`,
      '',
      `  middleware     ${middlewareUrl} (FLEX_MODE=sandbox)`,
      '',
      'Sign in to the agent console, set yourself Available, then ask the assistant for a person.',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  )
}
