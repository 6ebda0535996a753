#!/usr/bin/env node
// Starts the demo on 127.0.0.1 with no Twilio or IBM account: the built middleware on the local Flex sandbox
// (a child process) and the built pages served by Vite's preview server (in this process).
// It builds nothing: run `npm run build` first. Ctrl-C stops both and exits 0; if either stops on its own,
// the other is stopped too and the exit code is non-zero.
//
// Typing `rs` and Enter in the terminal (or `kill -USR2 <pid>`) restarts only the middleware: the sandbox
// starts empty, as after any restart, while the pages and visitors' sessions stay.
//
// Environment: PORT (middleware, default 4000), DEMO_PORT (pages, default 5173), SESSION_TOKEN_SECRET (by
// default drawn once and kept in .secrets/, see session-secret.mjs). Other variables (WATSON_* for a real
// watsonx Assistant, for example) are passed through to the middleware.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { preview } from 'vite'
import { demoSessionSecret, SESSION_SECRET_FILE } from './session-secret.mjs'

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

let sessionSecret
try {
  sessionSecret = demoSessionSecret({ env: process.env, file: SESSION_SECRET_FILE })
} catch (error) {
  fail(
    `cannot keep the session secret in ${SESSION_SECRET_FILE}: ${error instanceof Error ? error.message : String(error)}. ` +
      'Set SESSION_TOKEN_SECRET (32 characters or more) instead.',
  )
}

const middlewareUrl = `http://${HOST}:${middlewarePort}`
const demoOrigin = `http://${HOST}:${demoPort}`
// The pages default to port 4000 on their own host: the query parameter is only needed for another port.
const query = middlewarePort === DEFAULT_MIDDLEWARE_PORT ? '' : `?middleware=${middlewareUrl}`

let stopping = false
let restarting = false
let previewServer

// ---- the middleware ---------------------------------------------------------------------------------------

const middlewareEnv = {
  ...process.env,
  FLEX_MODE: 'sandbox',
  HOST,
  PORT: String(middlewarePort),
  // The same secret on every start (kept in a file): a visitor's session outlives a restart of the demo.
  SESSION_TOKEN_SECRET: sessionSecret.secret,
  ALLOWED_ORIGINS: `${demoOrigin},http://localhost:${demoPort}`,
  LOG_LEVEL: 'warn',
}

/** Children stopped on purpose (a restart): their exit is not a failure. */
const retired = new WeakSet()
let middleware
let middlewareExited

function startMiddleware() {
  const child = spawn(process.execPath, [serverPath], { env: middlewareEnv, stdio: ['ignore', 'inherit', 'inherit'] })
  const exited = new Promise((resolveExit) => {
    child.on('exit', (code, signal) => resolveExit({ code, signal }))
    child.on('error', (error) => resolveExit({ code: null, signal: null, error }))
  })
  void exited.then(({ code, signal, error }) => {
    if (stopping || retired.has(child)) return
    const why = error ? error.message : signal ? `signal ${signal}` : `exit code ${code}`
    void stop(1, `the middleware stopped unexpectedly (${why}); stopping the demo pages too.`)
  })
  middleware = child
  middlewareExited = exited
}

/** SIGTERM (the middleware drains and closes sandbox sockets with 4000), SIGKILL if it takes too long. */
async function stopMiddleware() {
  const child = middleware
  const exited = middlewareExited
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}

async function restartMiddleware() {
  if (stopping || restarting) return
  restarting = true
  console.log('demo: restarting the middleware (the sandbox starts empty)…')
  retired.add(middleware)
  await stopMiddleware()
  if (stopping) return
  startMiddleware()
  const healthy = await waitForHealth()
  restarting = false
  if (healthy) console.log(`demo: the middleware is back on ${middlewareUrl}.`)
  else await stop(1, `the restarted middleware did not answer ${middlewareUrl}/healthz within ${HEALTH_TIMEOUT_MS / 1000} s.`)
}

startMiddleware()

// ---- stopping ---------------------------------------------------------------------------------------------

async function stop(exitCode, message) {
  if (stopping) return
  stopping = true
  if (message) console.error(`demo: ${message}`)
  const closing = previewServer ? previewServer.close().catch(() => undefined) : Promise.resolve()
  await stopMiddleware()
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
  const secretFrom =
    sessionSecret.origin === 'environment'
      ? 'SESSION_TOKEN_SECRET from the environment'
      : `secret kept in ${relative(process.cwd(), SESSION_SECRET_FILE) || SESSION_SECRET_FILE} (delete it to sign everyone out)`
  console.log(
    [
      '',
      'flex-escalate demo on the local Flex sandbox (no Twilio or IBM account needed)',
      '',
      `  Visitor page   ${demoOrigin}/${query}`,
      `  Agent console  ${demoOrigin}/agent.html${query}`,
      '',
      `  middleware     ${middlewareUrl} (FLEX_MODE=sandbox)`,
      `  sessions       ${secretFrom}`,
      '',
      'Sign in to the agent console, set yourself Available, then ask the assistant for a person.',
      'Type rs and Enter to restart only the middleware. Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  )
}

// ---- restarting the middleware alone ------------------------------------------------------------------------

if (!stopping) {
  if (process.platform !== 'win32') process.on('SIGUSR2', () => void restartMiddleware())
  if (process.stdin.isTTY) {
    process.stdin.setEncoding('utf8')
    process.stdin.on('data', (line) => {
      if (String(line).trim() === 'rs') void restartMiddleware()
    })
  }
}
