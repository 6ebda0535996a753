/**
 * The bench's Twilio over the network: a process of its own, serving the lean, spec-checked replies
 * (`twilio-replies.ts`) over HTTPS on 127.0.0.1, so the server under test meets Twilio the way production does
 * (DNS, TLS, the SDK's connection pool, latency) and pays nothing for the fake. Started by `bench/lib/twilio-fake.mjs`
 * with `fork`; the server under test reaches it through `loopback-twilio.cts` and trusts its certificate through
 * `NODE_EXTRA_CA_CERTS`.
 *
 *   node twilio-https-server.js --latency-ms=150     # or TWILIO_FAKE_LATENCY_MS=150
 *
 * Every request is matched against Twilio's OpenAPI specs (operation, form and query parameters); a mismatch is a
 * violation, counted and reported. Nothing is kept per request: only counters (and, while a calibration asks for it,
 * a trace bounded to the size it asked for).
 *
 * Messages in: `{ type: 'reset' }`, `{ type: 'sample', gc?: true }`, `{ type: 'trace', on: true, max }`,
 * `{ type: 'trace', on: false }`, `{ type: 'stop' }`. Messages out: `{ type: 'ready', port, certPath }`, then one
 * reply per message in (see {@link TwilioFakeMessage}).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generate } from 'selfsigned'
import { checkRepliesAgainstSpecs, leanTwilioRouter } from './twilio-replies.js'

/** One Twilio round trip, as the fake saw it (performance.now() of this process). */
export interface TraceCall {
  op: string
  startMs: number
  endMs: number
}

export interface TwilioFakeSample {
  type: 'sample'
  /** Twilio requests answered since the last reset. */
  calls: number
  /** The same per operation id (`POST flex-api.twilio.com/v1/Channels`), plus `unknown`: bounded by the operations. */
  callsByOperation: Record<string, number>
  /** The same per Twilio host (`flex-api.twilio.com`), plus `unknown`: for the SDK's per-host connection pool. */
  callsByHost: Record<string, number>
  /** Twilio requests answered since the fake started (not zeroed by a reset). */
  callsSinceStart: number
  /** TLS connections opened since the last reset: far fewer than calls while the SDK's keep-alive pool works. */
  tlsConnections: number
  /** The first few disagreements with Twilio's spec since the last reset (start-up ones always). */
  violations: string[]
  violationCount: number
  rssBytes: number
  /** Highest resident set size since the process started (getrusage). */
  peakRssBytes: number
  /** CPU time of this process since the last reset. */
  cpuUserMs: number
  cpuSystemMs: number
}

/** What the fake sends over IPC. */
export type TwilioFakeMessage =
  | { type: 'ready'; port: number; certPath: string }
  | TwilioFakeSample
  | { type: 'reset' }
  | { type: 'trace'; on: boolean; calls: TraceCall[] }

const MAX_VIOLATION_MESSAGES = 5
/** Twilio's own bodies are a few hundred bytes; anything near this is a bug of the caller, not a load. */
const MAX_BODY_BYTES = 1 << 20

if (!process.send) {
  throw new Error(
    'Failed to start the Twilio fake: it must be started with an IPC channel. Please start it with bench/lib/twilio-fake.mjs.',
  )
}
const send = process.send.bind(process)

const latencyMs = readLatency()
const startupProblems = checkRepliesAgainstSpecs().map((problem) => `lean reply off the spec: ${problem}`)
const router = leanTwilioRouter()

let calls = 0
let callsSinceStart = 0
let tlsConnections = 0
let violationCount = 0
let violations: string[] = []
let callsByOperation = zeroCounts()
let cpuAtReset = process.cpuUsage()
let trace: TraceCall[] | undefined
let traceMax = 0

function zeroCounts(): Record<string, number> {
  return Object.fromEntries([...router.operations, 'unknown'].map((id) => [id, 0]))
}

/** Operation ids are `METHOD host/path`: their counts summed per host (`unknown` stays itself). */
function byHost(counts: Record<string, number>): Record<string, number> {
  const hosts: Record<string, number> = {}
  for (const [id, n] of Object.entries(counts)) {
    const host = id === 'unknown' ? id : (id.split(' ')[1]?.split('/')[0] ?? 'unknown')
    hosts[host] = (hosts[host] ?? 0) + n
  }
  return hosts
}

function violation(message: string): void {
  violationCount++
  if (violations.length < MAX_VIOLATION_MESSAGES) violations.push(message)
}

function readLatency(): number {
  const arg = process.argv.find((a) => a.startsWith('--latency-ms='))?.slice('--latency-ms='.length)
  const text = arg ?? process.env.TWILIO_FAKE_LATENCY_MS ?? '0'
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new Error(
      `Failed to start the Twilio fake: the latency "${text}" is not a number of milliseconds ≥ 0. Please pass --latency-ms=<ms>.`,
    )
  }
  return value
}

// A short-lived certificate of our own: the private key never leaves this process, the certificate (public) goes to
// a temporary file for the server under test's NODE_EXTRA_CA_CERTS. EC P-256 keeps the handshakes cheap.
const pems = await generate([{ name: 'commonName', value: 'twilio.com' }], {
  keyType: 'ec',
  curve: 'P-256',
  algorithm: 'sha256',
  notAfterDate: new Date(Date.now() + 7 * 24 * 3600 * 1000),
  extensions: [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'twilio.com' },
        { type: 2, value: '*.twilio.com' },
      ],
    },
  ],
})
const certDir = mkdtempSync(join(tmpdir(), 'twilio-fake-'))
const certPath = join(certDir, 'twilio-fake-cert.pem')
writeFileSync(certPath, pems.cert)

function answer(request: IncomingMessage, response: ServerResponse, body: string, startMs: number): void {
  const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase()
  const target = request.url ?? '/'
  const queryAt = target.indexOf('?')
  const pathname = queryAt === -1 ? target : target.slice(0, queryAt)
  const method = request.method ?? 'GET'
  const match = router.match(method, host, pathname)
  calls++
  callsSinceStart++
  let status = 404
  let reply: unknown
  let op = 'unknown'
  if (match) {
    op = match.id
    status = match.status
    const contentType = request.headers['content-type'] ?? ''
    if (method === 'POST' && !contentType.startsWith('application/x-www-form-urlencoded')) {
      violation(`${op}: content-type "${contentType}" is not the application/x-www-form-urlencoded Twilio reads`)
    }
    for (const problem of match.checkForm(new URLSearchParams(body))) violation(problem)
    if (queryAt !== -1) for (const problem of match.checkQuery(new URLSearchParams(target.slice(queryAt + 1)))) violation(problem)
    reply = match.reply()
  } else {
    violation(`${method} ${host}${pathname}: no such operation in the lean Twilio (Twilio's spec as the bench knows it)`)
    reply = {
      code: 20404,
      message: 'The requested resource was not found',
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    }
  }
  callsByOperation[op] = (callsByOperation[op] ?? 0) + 1
  const text = JSON.stringify(reply)
  const write = () => {
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    response.end(text)
    if (trace && trace.length < traceMax) trace.push({ op, startMs, endMs: performance.now() })
  }
  // Twilio's latency: a timer per reply, holding nothing but this request until it fires.
  if (latencyMs > 0) setTimeout(write, latencyMs)
  else write()
}

const server = createServer({ key: pems.private, cert: pems.cert, keepAlive: true }, (request, response) => {
  const startMs = performance.now()
  const chunks: Buffer[] = []
  let size = 0
  request.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size <= MAX_BODY_BYTES) chunks.push(chunk)
  })
  request.on('end', () => {
    if (size > MAX_BODY_BYTES) {
      calls++
      callsSinceStart++
      callsByOperation.unknown = (callsByOperation.unknown ?? 0) + 1
      violation(`${request.method} ${request.headers.host}${request.url}: a body of ${size} bytes, more than Twilio would take`)
      response.writeHead(413).end()
      return
    }
    answer(request, response, Buffer.concat(chunks).toString('utf8'), startMs)
  })
})
// Keep-alive as a real API does it (idle sockets kept well beyond the SDK's reuse), no cap on connections or
// requests per socket: the only pool limits are the SDK's own.
server.keepAliveTimeout = 60_000
server.maxRequestsPerSocket = 0
server.on('clientError', (_error, socket) => socket.destroy())
server.on('secureConnection', () => {
  tlsConnections++
})

process.on('message', (message: { type?: string; gc?: boolean; on?: boolean; max?: number }) => {
  if (message.type === 'reset') {
    calls = 0
    tlsConnections = 0
    violationCount = 0
    violations = []
    callsByOperation = zeroCounts()
    cpuAtReset = process.cpuUsage()
    send({ type: 'reset' } satisfies TwilioFakeMessage)
  } else if (message.type === 'sample') {
    // Only for memory figures: a collection first, so that RSS counts what is live.
    if (message.gc && typeof globalThis.gc === 'function') globalThis.gc()
    const cpu = process.cpuUsage(cpuAtReset)
    const sample: TwilioFakeSample = {
      type: 'sample',
      calls,
      callsByOperation: { ...callsByOperation },
      callsByHost: byHost(callsByOperation),
      callsSinceStart,
      tlsConnections,
      violations: [...startupProblems, ...violations].slice(0, MAX_VIOLATION_MESSAGES),
      violationCount: startupProblems.length + violationCount,
      rssBytes: process.memoryUsage.rss(),
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
    }
    send(sample)
  } else if (message.type === 'trace') {
    const recorded = trace ?? []
    trace = message.on ? [] : undefined
    traceMax = message.on ? Math.max(0, Math.floor(message.max ?? 1000)) : 0
    send({ type: 'trace', on: Boolean(message.on), calls: recorded } satisfies TwilioFakeMessage)
  } else if (message.type === 'stop') {
    stop()
  }
})

function stop(): void {
  server.closeAllConnections()
  server.close()
  process.exit(0)
}
// The temporary certificate goes with the process, however it ends.
process.on('exit', () => rmSync(certDir, { recursive: true, force: true }))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
// The orchestrator went away: do not linger as an orphan.
process.on('disconnect', stop)

server.listen({ host: '127.0.0.1', port: 0 }, () => {
  const address = server.address()
  send({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0, certPath } satisfies TwilioFakeMessage)
})
