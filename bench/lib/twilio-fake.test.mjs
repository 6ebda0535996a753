/**
 * The bench's Twilio over HTTPS (twilio-fake.mjs, packages/auth-middleware/bench/twilio-https-server.ts and the
 * loopback-twilio preload), end to end with the built middleware: the real SDK reaches the fake over TLS, every
 * request is held to Twilio's spec, latency and tracing work, memory stays flat. Everything on 127.0.0.1.
 * Run by the root `npm test` (`node scripts/node-tests.mjs`); needs the middleware built and the bench servers
 * compiled (see `requireCompiled`).
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { request } from 'node:https'
import { after, before, test } from 'node:test'
import { AUTH_BODY } from '../sections/middleware.mjs'
import { paths } from './paths.mjs'
import { startServer } from './server-process.mjs'
import { startTwilioFake } from './twilio-fake.mjs'

/** @typedef {import('./server-process.mjs').BenchServer} BenchServer */
/** @typedef {import('./twilio-fake.mjs').TwilioFake} TwilioFake */

/** Twilio calls one `POST /auth` makes with AUTH_BODY (a topic and a hand-over message). */
const CALLS_PER_AUTH = {
  conversations: {
    'POST conversations.twilio.com/v1/Services/{ChatServiceSid}/ConversationWithParticipants': 1,
    'POST conversations.twilio.com/v1/Services/{ChatServiceSid}/Conversations/{ConversationSid}/Messages': 1,
    'POST flex-api.twilio.com/v1/Interactions': 1,
  },
  'programmable-chat': { 'POST flex-api.twilio.com/v1/Channels': 1 },
}
const LATENCY_MS = 150

function requireCompiled() {
  const missing = [paths.authMiddlewareDist, paths.authServer, paths.twilioHttpsServer, paths.loopbackTwilio].filter((f) => !existsSync(f))
  if (missing.length > 0) {
    throw new Error(
      `Failed to test the Twilio fake: ${missing.join(', ')} missing. Please build the middleware ` +
        '(`npx turbo run build --filter=@flex-escalate/auth-middleware...`) and compile the bench servers ' +
        '(`node node_modules/typescript/bin/tsc -p packages/auth-middleware/bench/tsconfig.json`).',
    )
  }
}

/** @type {TwilioFake[]} */
const fakes = []
/** @type {BenchServer[]} */
const servers = []
/** @type {{ fake: TwilioFake, conversations: BenchServer, chat: BenchServer, slowFake: TwilioFake, slow: BenchServer }} */
let bench

/**
 * @param {TwilioFake} fake
 * @param {string} api
 */
async function authServer(fake, api) {
  const server = await startServer(paths.authServer, [api], { execArgv: fake.execArgv(), env: fake.env(), startTimeoutMs: 15_000 })
  servers.push(server)
  return server
}

/** @param {BenchServer} server */
async function postAuth(server) {
  const response = await fetch(`${server.url}/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(AUTH_BODY),
  })
  await response.arrayBuffer()
  return response.status
}

/**
 * A request straight to the fake, as a Twilio host, trusting the fake's certificate only.
 *
 * @param {TwilioFake} fake
 * @param {{ method: string, host: string, path: string, form?: string }} call
 * @returns {Promise<number | undefined>} the status
 */
function callFake(fake, { method, host, path, form = '' }) {
  return new Promise((resolve, reject) => {
    const headers = { host, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) }
    const options = {
      host: '127.0.0.1',
      port: fake.port,
      servername: host,
      ca: readFileSync(fake.certPath),
      method,
      path,
      headers,
      agent: false,
    }
    const call = request(options, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode))
    })
    call.on('error', reject)
    call.end(form)
  })
}

before(async () => {
  requireCompiled()
  const [fake, slowFake] = await Promise.all([startTwilioFake({ latencyMs: 0 }), startTwilioFake({ latencyMs: LATENCY_MS })])
  fakes.push(fake, slowFake)
  const [conversations, chat, slow] = await Promise.all([
    authServer(fake, 'conversations'),
    authServer(fake, 'programmable-chat'),
    authServer(slowFake, 'conversations'),
  ])
  bench = { fake, conversations, chat, slowFake, slow }
})

after(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  await Promise.all(fakes.map((f) => f.stop()))
})

test('the preload refuses to start without the fake, and sends only Twilio names to 127.0.0.1', { timeout: 10_000 }, () => {
  const { TWILIO_FAKE_PORT: _unset, ...withoutPort } = process.env
  const refused = spawnSync(process.execPath, ['--require', paths.loopbackTwilio, '-e', ''], { env: withoutPort, encoding: 'utf8' })
  assert.notEqual(refused.status, 0)
  assert.match(refused.stderr, /Failed to load loopback-twilio: TWILIO_FAKE_PORT is not set\. Please start the bench's Twilio fake first\./)

  const script = `
    const dns = require('node:dns')
    dns.lookup('flex-api.twilio.com', { all: true }, (e1, all) => dns.lookup('TWILIO.COM.', (e2, one, family) =>
      dns.lookup('localhost', { family: 4 }, (e3, local) => dns.promises.lookup('conversations.twilio.com').then((p) =>
        console.log(JSON.stringify({ all, one, family, local, p, errors: [e1, e2, e3].filter(Boolean).length }))))))`
  const run = spawnSync(process.execPath, ['--require', paths.loopbackTwilio, '-e', script], {
    env: { ...process.env, TWILIO_FAKE_PORT: '1' },
    encoding: 'utf8',
  })
  assert.equal(run.status, 0, run.stderr)
  assert.deepEqual(JSON.parse(run.stdout), {
    all: [{ address: '127.0.0.1', family: 4 }],
    one: '127.0.0.1',
    family: 4,
    local: '127.0.0.1',
    p: { address: '127.0.0.1', family: 4 },
    errors: 0,
  })
})

test('POST /auth reaches the fake over HTTPS for both chat APIs, every call on the spec', { timeout: 10_000 }, async () => {
  const { fake, conversations, chat } = bench
  for (const [api, server] of /** @type {const} */ ([
    ['conversations', conversations],
    ['programmable-chat', chat],
  ])) {
    await fake.reset()
    assert.equal(await postAuth(server), 201, `POST /auth (${api}) failed. The server said:\n${server.output()}`)
    const sample = await fake.sample()
    const counted = Object.fromEntries(Object.entries(sample.callsByOperation).filter(([, n]) => n > 0))
    assert.deepEqual(counted, CALLS_PER_AUTH[api], `${api}: the Twilio calls of one POST /auth`)
    assert.ok(sample.calls > 0)
    assert.equal(
      sample.calls,
      Object.values(CALLS_PER_AUTH[api]).reduce((a, b) => a + b, 0),
    )
    assert.equal(
      Object.values(sample.callsByHost).reduce((a, b) => a + b, 0),
      sample.calls,
    )
    assert.deepEqual(sample.violations, [])
    assert.equal(sample.violationCount, 0)
  }
})

test('a request off the spec is a violation, and so is an operation Twilio does not have', { timeout: 10_000 }, async () => {
  const { fake } = bench
  await fake.reset()
  const sid = (/** @type {string} */ prefix) => prefix + '0'.repeat(32)
  const form = new URLSearchParams({
    FlexFlowSid: sid('FO'),
    Identity: 'anon_1',
    ChatUserFriendlyName: 'Ada',
    ChatFriendlyName: 'Web chat: Ada',
    NotATwilioParameter: '1',
  }).toString()
  assert.equal(await callFake(fake, { method: 'POST', host: 'flex-api.twilio.com', path: '/v1/Channels', form }), 201)
  let sample = await fake.sample()
  assert.equal(sample.violationCount, 1, sample.violations.join('\n'))
  assert.match(sample.violations[0] ?? '', /form parameter NotATwilioParameter is not defined for POST flex-api\.twilio\.com\/v1\/Channels/)

  assert.equal(await callFake(fake, { method: 'GET', host: 'conversations.twilio.com', path: '/v1/NoSuchThing' }), 404)
  sample = await fake.sample()
  assert.equal(sample.violationCount, 2)
  assert.match(sample.violations[1] ?? '', /GET conversations\.twilio\.com\/v1\/NoSuchThing: no such operation/)
  assert.equal(sample.callsByOperation.unknown, 1)
})

test(`with ${LATENCY_MS} ms of latency, the trace holds every call, each at least that long`, { timeout: 10_000 }, async () => {
  const { slowFake, slow } = bench
  await slowFake.trace(100)
  assert.equal(await postAuth(slow), 201, `POST /auth failed. The server said:\n${slow.output()}`)
  const calls = await slowFake.stopTrace()
  assert.deepEqual(calls.map((c) => c.op).sort(), Object.keys(CALLS_PER_AUTH.conversations).sort())
  for (const call of calls) {
    // Timers fire at or after their delay; a millisecond of slack for the clock's rounding.
    assert.ok(call.endMs - call.startMs >= LATENCY_MS - 1, `${call.op} took ${call.endMs - call.startMs} ms`)
  }
  assert.deepEqual(await slowFake.stopTrace(), [], 'tracing is off again')
})

test("the fake's memory stays flat over 500 POST /auth", { timeout: 15_000 }, async () => {
  const { fake, conversations } = bench
  /** @param {number} count */
  const load = async (count) => {
    const concurrency = 20
    for (let done = 0; done < count; done += concurrency) {
      const statuses = await Promise.all(Array.from({ length: Math.min(concurrency, count - done) }, () => postAuth(conversations)))
      assert.deepEqual(new Set(statuses), new Set([201]))
    }
  }
  await load(50)
  await fake.reset()
  const before = await fake.sample()
  await load(500)
  const after = await fake.sample()
  assert.equal(after.calls, 500 * Object.keys(CALLS_PER_AUTH.conversations).length)
  assert.equal(after.violationCount, 0, after.violations.join('\n'))
  // The SDK's keep-alive pool: its connections are reused, not one per call.
  assert.ok(after.tlsConnections < after.calls / 10, `${after.tlsConnections} TLS connections for ${after.calls} calls`)
  const growthMb = (after.rssBytes - before.rssBytes) / 2 ** 20
  assert.ok(growthMb < 60, `the fake's RSS grew ${growthMb.toFixed(1)} MB over 1,500 Twilio calls`)
})
