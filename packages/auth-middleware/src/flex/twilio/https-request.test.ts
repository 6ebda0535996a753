/**
 * The Twilio calls on Node's `https` (https-request.ts): what goes on the wire is what the SDK's own client
 * sends (auth, form, query), replies reach the SDK as it expects them, and a silent socket fails the attempt.
 * msw answers the requests (it intercepts `https.request`); the timeout meets a real loopback TLS server.
 */
import { once } from 'node:events'
import { Agent, createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { HttpResponse, http } from 'msw'
import { generate } from 'selfsigned'
import twilio from 'twilio'
import { afterEach, describe, expect, it } from 'vitest'
import { server } from '../../../test/msw-server.js'
import { formOf, sendOverHttps } from './https-request.js'
import { RetryAfterClient, withReplyHints } from './retry-after-client.js'

const agent = new Agent({ keepAlive: true })
afterEach(() => agent.destroy())

describe('formOf', () => {
  it('writes values as the SDK does: a list as the key repeated, undefined and null left out', () => {
    expect(formOf({ Identity: 'visitor', Channel: ['sms', 'chat'], Count: 2, Flag: false, Gone: undefined, None: null }).toString()).toBe(
      'Identity=visitor&Channel=sms&Channel=chat&Count=2&Flag=false',
    )
  })

  it('refuses an object (the SDK serialises them first): a bug to report, not a request to send', () => {
    expect(() => formOf({ Routing: { properties: {} } })).toThrow(/^Failed to send a Twilio request: its parameter Routing is an object/)
  })
})

describe('sendOverHttps', () => {
  it('sends Basic auth, the form and the query, and hands the reply over as text with its headers', async () => {
    let seen: { auth: string | null; type: string | null; form: string; query: string } | undefined
    server.use(
      http.post('https://conversations.twilio.com/v1/Services/IS1/Conversations', async ({ request }) => {
        seen = {
          auth: request.headers.get('authorization'),
          type: request.headers.get('content-type'),
          form: await request.text(),
          query: new URL(request.url).search,
        }
        return HttpResponse.json({ sid: 'CH1' }, { status: 201, headers: { 'retry-after': '3' } })
      }),
    )
    const response = await sendOverHttps(agent, 5000, {
      method: 'post',
      uri: 'https://conversations.twilio.com/v1/Services/IS1/Conversations',
      username: 'SKkey',
      password: 'secret',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      data: { FriendlyName: 'Web chat', 'Timers.Inactive': 'PT1H' },
      params: { PageSize: 50 },
    })
    expect(seen).toEqual({
      auth: `Basic ${Buffer.from('SKkey:secret').toString('base64')}`,
      type: 'application/x-www-form-urlencoded',
      form: 'FriendlyName=Web+chat&Timers.Inactive=PT1H',
      query: '?PageSize=50',
    })
    expect(response.statusCode).toBe(201)
    expect(JSON.parse(String(response.body))).toEqual({ sid: 'CH1' })
    expect((response.headers as Record<string, string>)['retry-after']).toBe('3')
  })

  it('fails an attempt whose socket stays silent for the timeout, with a code the retry loop sees', async () => {
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' })
    const silent = createServer({ key: pems.private, cert: pems.cert }, () => undefined)
    silent.listen(0, '127.0.0.1')
    await once(silent, 'listening')
    const { port } = silent.address() as AddressInfo
    const local = new Agent({ keepAlive: true, ca: pems.cert, servername: 'localhost' })
    try {
      await expect(sendOverHttps(local, 200, { method: 'get', uri: `https://localhost:${port}/v1/Services` })).rejects.toMatchObject({
        code: 'ETIMEDOUT',
        message: 'Twilio sent nothing for 200 ms',
      })
    } finally {
      local.destroy()
      silent.closeAllConnections()
      silent.close()
    }
  })
})

describe('RetryAfterClient', () => {
  it("is the SDK's HTTP client: a call through the SDK parses the reply, and a 429's Retry-After reaches the retry loop", async () => {
    server.use(
      http.get('https://conversations.twilio.com/v1/Services/IS1', () =>
        HttpResponse.json({ code: 20429, message: 'Too Many Requests', status: 429 }, { status: 429, headers: { 'Retry-After': '2' } }),
      ),
    )
    const client = twilio(`SK${'0'.repeat(32)}`, 'secret', {
      accountSid: `AC${'0'.repeat(32)}`,
      httpClient: new RetryAfterClient({ timeout: 5000, maxSockets: 4, maxFreeSockets: 4, maxTotalSockets: 16 }),
    })
    const hints: { retryAfterMs?: number } = {}
    const failure = await withReplyHints(hints, () => client.conversations.v1.services('IS1').fetch()).catch((error: unknown) => error)
    expect(failure).toMatchObject({ status: 429, code: 20429 })
    expect(hints.retryAfterMs).toBe(2000)
  })
})
