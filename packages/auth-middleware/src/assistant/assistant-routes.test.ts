import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { AssistantMessageReply } from '@flex-escalate/api'
import Fastify from 'fastify'
import jwt from 'jsonwebtoken'
import { HttpResponse, http } from 'msw'
import { afterEach, describe, expect, it } from 'vitest'
import { server } from '../../test/msw-server.js'
import type { WatsonConfig } from '../config/config.js'
import { errorHandler } from '../errors/error-handler.js'
import { assistantRoutes } from './assistant-routes.js'

const WATSON: WatsonConfig = {
  apiKey: 'test-ibm-api-key',
  serviceUrl: 'https://api.eu-de.assistant.watson.cloud.ibm.com/instances/test-instance',
  assistantId: 'assistant-1',
  environmentId: 'environment-1',
  version: '2024-08-25',
}

async function appWith(watson: WatsonConfig | undefined) {
  const app = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: false } } }).withTypeProvider<TypeBoxTypeProvider>()
  await app.register(errorHandler)
  await app.register(assistantRoutes, { watson })
  return app
}

let app: Awaited<ReturnType<typeof appWith>>
afterEach(async () => {
  await app.close()
})

const say = async (text: string, sessionId?: string) => {
  const res = await app.inject({ method: 'POST', url: '/assistant/message', payload: { text, ...(sessionId ? { sessionId } : {}) } })
  expect(res.statusCode).toBe(200)
  return res.json<AssistantMessageReply>()
}

describe('the scripted assistant', () => {
  it('welcomes with suggestions on the empty first message', async () => {
    app = await appWith(undefined)
    const reply = await say('')
    expect(reply.sessionId).toMatch(/^[0-9a-f]{32}$/)
    expect(reply.output.generic.map((item) => item.response_type)).toEqual(['text', 'option'])
  })

  it('answers what it knows without escalating', async () => {
    app = await appWith(undefined)
    const reply = await say('When are you open?')
    expect(reply.output.generic).toEqual([{ response_type: 'text', text: expect.stringMatching(/Monday to Friday/) }])
  })

  it('escalates billing with topic, message for the agent and the conversation so far', async () => {
    app = await appWith(undefined)
    const first = await say('How long does shipping take?')
    const reply = await say('I was charged twice for my order', first.sessionId)
    expect(reply.sessionId).toBe(first.sessionId)
    const connect = reply.output.generic.find((item) => item.response_type === 'connect_to_agent')
    expect(connect).toMatchObject({
      topic: 'Billing',
      message_to_human_agent: 'The visitor wrote: "I was charged twice for my order"',
      transfer_info: {
        summary_message_to_agent: expect.stringContaining('Visitor: How long does shipping take?\nAssistant: Orders ship'),
      },
    })
  })

  it('escalates technical problems and plain requests for a person', async () => {
    app = await appWith(undefined)
    expect((await say('The login page shows an error')).output.generic[1]).toMatchObject({ topic: 'Technical support' })
    const person = (await say('Can I talk to a person?')).output.generic[1]
    expect(person).toMatchObject({ response_type: 'connect_to_agent' })
    expect(person).not.toHaveProperty('topic')
  })

  it('does not mistake words that merely contain a keyword', async () => {
    app = await appWith(undefined)
    expect((await say('What about paypal agentur?')).output.generic).toHaveLength(1)
  })

  it('refuses bad input with a 400 naming the field', async () => {
    app = await appWith(undefined)
    const res = await app.inject({ method: 'POST', url: '/assistant/message', payload: { text: 'x'.repeat(3000) } })
    expect(res.statusCode).toBe(400)
    expect(res.json().field).toBe('body.text')
  })
})

describe('the watsonx Assistant proxy (ibm-watson AssistantV2, answered by msw)', () => {
  // A watsonx connect_to_agent item: passed on to the visitor exactly as watsonx sent it.
  const CONNECT = {
    response_type: 'connect_to_agent',
    message_to_human_agent: 'Refund',
    topic: 'Billing',
    agent_available: { message: 'ok' },
    agent_unavailable: { message: 'no' },
    transfer_info: { summary_message_to_agent: 'summary', additional_data: { plan: 'gold' } },
  }
  const iamTokens: string[] = []
  const base = `${WATSON.serviceUrl}/v2/assistants/${WATSON.assistantId}/environments/${WATSON.environmentId}`
  const iam = http.post('https://iam.cloud.ibm.com/identity/token', async ({ request }) => {
    const form = new URLSearchParams(await request.text())
    if (form.get('apikey') !== WATSON.apiKey) return HttpResponse.json({ errorMessage: 'bad key' }, { status: 400 })
    const now = Math.floor(Date.now() / 1000)
    // The IBM SDK decodes the IAM access token as a JWT to learn its expiry.
    const accessToken = jwt.sign({ sub: 'iam-test' }, 'iam-test-signing-key', { expiresIn: 3600 })
    iamTokens.push(accessToken)
    return HttpResponse.json({
      access_token: accessToken,
      refresh_token: 'r',
      token_type: 'Bearer',
      expires_in: 3600,
      expiration: now + 3600,
    })
  })

  it('creates a watsonx session once per visitor session and passes on the response items', async () => {
    let sessionsCreated = 0
    const texts: string[] = []
    server.use(
      iam,
      http.post(`${base}/sessions`, ({ request }) => {
        expect(request.headers.get('authorization')).toBe(`Bearer ${iamTokens.at(-1)}`)
        sessionsCreated += 1
        return HttpResponse.json({ session_id: `ws-${sessionsCreated}` }, { status: 201 })
      }),
      http.post(`${base}/sessions/:session/message`, async ({ request, params }) => {
        const body = (await request.json()) as { input: { text: string } }
        texts.push(`${String(params.session)}:${body.input.text}`)
        return HttpResponse.json({
          output: {
            generic: [{ response_type: 'text', text: 'Let me get someone.' }, { response_type: 'pause', time: 500 }, CONNECT],
          },
        })
      }),
    )
    app = await appWith(WATSON)
    const first = await say('hello')
    const second = await say('refund please', first.sessionId)
    expect(sessionsCreated).toBe(1)
    expect(texts).toEqual(['ws-1:hello', 'ws-1:refund please'])
    expect(second.output.generic).toEqual([{ response_type: 'text', text: 'Let me get someone.' }, CONNECT])
  })

  it('starts a new watsonx session when the old one expired (404)', async () => {
    let sessionsCreated = 0
    server.use(
      iam,
      http.post(`${base}/sessions`, () => HttpResponse.json({ session_id: `ws-${++sessionsCreated}` }, { status: 201 })),
      http.post(`${base}/sessions/:session/message`, ({ params }) =>
        params.session === 'ws-1'
          ? HttpResponse.json({ error: 'Invalid Session', code: 404 }, { status: 404 })
          : HttpResponse.json({ output: { generic: [{ response_type: 'text', text: 'fresh' }] } }),
      ),
    )
    app = await appWith(WATSON)
    expect((await say('hi')).output.generic).toEqual([{ response_type: 'text', text: 'fresh' }])
    expect(sessionsCreated).toBe(2)
  })

  it('answers 502 with a clear message when watsonx fails', async () => {
    server.use(
      iam,
      http.post(`${base}/sessions`, () => HttpResponse.json({ error: 'down' }, { status: 500 })),
    )
    app = await appWith(WATSON)
    const res = await app.inject({ method: 'POST', url: '/assistant/message', payload: { text: 'hi' } })
    expect(res.statusCode).toBe(502)
    expect(res.json().message).toBe('Failed to reach watsonx Assistant: it answered 500. Please try again in a moment.')
  })
})
