/**
 * Secrets: every scenario (both Flex APIs, the sandbox with its sockets, refresh, end, availability, the
 * assistant, webhooks and error paths) at log level debug and trace, then a scan of everything written:
 * no Auth Token, API secret, signing secret, access token, session token, visitor JWT or sandbox access
 * token may appear, whole or as its last 20 characters.
 */

import type { AddressInfo } from 'node:net'
import { TestSocket } from '@flex-escalate/flex-sandbox/testing'
import jwt from 'jsonwebtoken'
import twilio from 'twilio'
import { afterAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../../src/app.js'
import { loadConfig } from '../../../src/config/config.js'
import { API_KEY_SECRET, bearer, SESSION_SECRET, startHarness, VISITOR_SECRET } from '../../harness.js'
import { SANDBOX_ENV } from '../../sandbox/sandbox-harness.js'
import { recordFigures } from '../figures.js'

const AUTH_TOKEN = `${'c0ffee'.repeat(5)}ab`
const WEBHOOK_URL = 'https://flex.example.com/webhooks/twilio/conversations'
const secrets = new Set<string>([API_KEY_SECRET, SESSION_SECRET, VISITOR_SECRET, AUTH_TOKEN])
const output: string[] = []
let leaks = 0

afterAll(() => recordFigures('secrets', { secretsLeaked: leaks }))

/** Everything the process writes, besides what the apps log, is scanned too (a stray console.log). */
function captureProcessOutput(): () => void {
  const writes = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)] as const
  const capture = (original: typeof process.stdout.write) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      output.push(String(chunk))
      return (original as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest)
    }) as typeof process.stdout.write
  process.stdout.write = capture(writes[0])
  process.stderr.write = capture(writes[1])
  return () => {
    process.stdout.write = writes[0]
    process.stderr.write = writes[1]
  }
}

const keep = (...values: (string | undefined)[]) => {
  for (const value of values) if (value) secrets.add(value)
}
const visitorJwt = (sub: string) => jwt.sign({ sub }, VISITOR_SECRET, { algorithm: 'HS256', audience: 'flex', expiresIn: 300 })

async function twilioScenarios(level: string, api: string) {
  const h = await startHarness({
    LOG_LEVEL: level,
    TWILIO_CHAT_API: api,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_WEBHOOK_URL: new URL(WEBHOOK_URL).origin,
    VISITOR_JWT_SECRET: VISITOR_SECRET,
    VISITOR_JWT_AUDIENCE: 'flex',
    TWILIO_RETRY_BUDGET_MS: '300',
  })
  try {
    const visitor = visitorJwt('customer-1')
    keep(visitor)
    const chat = (
      await h.app.inject({
        method: 'POST',
        url: '/auth',
        payload: { visitorName: 'Ada', topic: 'billing', summary: ['hi'] },
        headers: bearer(visitor),
      })
    ).json()
    keep(chat.token, chat.sessionToken)
    const refreshed = (await h.app.inject({ method: 'POST', url: '/auth/refresh', headers: bearer(chat.sessionToken) })).json()
    keep(refreshed.token)
    await h.app.inject({ method: 'GET', url: '/agents/availability?topic=billing', headers: bearer(chat.sessionToken) })
    await h.app.inject({ method: 'POST', url: '/assistant/message', payload: { text: 'I was charged twice' } })
    // Error paths: a forged token, an access token in place of the session token, a Twilio outage.
    await h.app.inject({ method: 'POST', url: '/auth/refresh', headers: bearer(chat.token) })
    await h.app.inject({ method: 'POST', url: '/auth', payload: {}, headers: bearer(`${visitor.slice(0, -3)}abc`) })
    h.fake.fail('GET taskrouter.twilio.com/v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/RealTimeStatistics', 500, 20500, 20)
    await h.app.inject({ method: 'GET', url: '/agents/availability?topic=other', headers: bearer(chat.sessionToken) })
    h.fake.log.faults.clear()
    const form = { EventType: 'onConversationStateUpdated', ConversationSid: chat.chatSid, StateTo: 'closed' }
    await h.app.inject({
      method: 'POST',
      url: '/webhooks/twilio/conversations',
      payload: new URLSearchParams(form).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, WEBHOOK_URL, form),
      },
    })
    await h.app.inject({ method: 'POST', url: '/chats/end', headers: bearer(chat.sessionToken) })
  } finally {
    await h.app.close()
    output.push(...h.logs)
  }
}

async function sandboxScenario(level: string) {
  const logs: string[] = []
  const app = await buildApp(loadConfig({ ...SANDBOX_ENV, LOG_LEVEL: level }), {
    logStream: { write: (line: string) => void logs.push(line) },
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const sockets: TestSocket[] = []
  try {
    const auth = (await (
      await fetch(`${base}/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"topic":"billing"}' })
    ).json()) as Record<string, string>
    keep(auth.token, auth.sessionToken)
    const agent = await TestSocket.open(`${base.replace('http', 'ws')}/sandbox/agent`)
    sockets.push(agent)
    await agent.ok({ type: 'signIn', name: 'Ana' })
    await agent.ok({ type: 'setActivity', activity: 'Available' })
    const visitor = await TestSocket.open(auth.sandboxUrl!)
    sockets.push(visitor)
    await visitor.ok({ type: 'authenticate', token: auth.token, chatSid: auth.chatSid })
    await visitor.ok({ type: 'send', body: 'hello', attributes: { messageId: 'm1' } })
    const refreshed = (await (
      await fetch(`${base}/auth/refresh`, { method: 'POST', headers: { authorization: `Bearer ${auth.sessionToken}` } })
    ).json()) as Record<string, string>
    keep(refreshed.token)
    await visitor.ok({ type: 'updateToken', token: refreshed.token })
    await visitor.request({ type: 'updateToken', token: `${refreshed.token}x` })
    const stranger = await TestSocket.open(auth.sandboxUrl!)
    sockets.push(stranger)
    await stranger.request({ type: 'authenticate', token: auth.sessionToken, chatSid: auth.chatSid })
    await fetch(`${base}/agents/availability`, { headers: { authorization: `Bearer ${auth.sessionToken}` } })
    await fetch(`${base}/chats/end`, { method: 'POST', headers: { authorization: `Bearer ${auth.sessionToken}` } })
  } finally {
    for (const socket of sockets) socket.close()
    await app.close()
    output.push(...logs)
  }
}

describe('secrets never reach the logs', () => {
  it.each(['debug', 'trace'])('at %s, in every scenario', async (level) => {
    const restore = captureProcessOutput()
    try {
      await twilioScenarios(level, 'conversations')
      await twilioScenarios(level, 'programmable-chat')
      await sandboxScenario(level)
    } finally {
      restore()
    }
    const text = output.join('\n')
    expect(text.length).toBeGreaterThan(1000)
    const found: string[] = []
    for (const secret of secrets) {
      for (const needle of [secret, secret.slice(-20)])
        if (text.includes(needle)) found.push(`${needle.slice(0, 12)}… (${needle.length} chars)`)
    }
    leaks += found.length
    process.stdout.write(
      `secrets: scanned ${text.length.toLocaleString('en-US')} characters of ${level} logs for ${secrets.size} secrets: ${found.length} found\n`,
    )
    expect(found).toEqual([])
  })
})
