import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { AssistantMessageReply, ConnectToAgentItem } from '@flex-escalate/api'
import Fastify from 'fastify'
import jwt from 'jsonwebtoken'
import { HttpResponse, http } from 'msw'
import { afterEach, describe, expect, it } from 'vitest'
import { server } from '../../test/msw-server.js'
import type { WatsonConfig } from '../config/config.js'
import { errorHandler } from '../errors/error-handler.js'
import { assistantRoutes } from './assistant-routes.js'
import { de } from './scripts/de.js'
import { en } from './scripts/en.js'
import { es } from './scripts/es.js'
import { fr } from './scripts/fr.js'
import { ptBR } from './scripts/pt-BR.js'
import { GREETING_OPTIONS, type Script } from './scripts/script.js'

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

const sayIn = async (locale: string | undefined, text: string, sessionId?: string) => {
  const payload = { text, ...(locale === undefined ? {} : { locale }), ...(sessionId ? { sessionId } : {}) }
  const res = await app.inject({ method: 'POST', url: '/assistant/message', payload })
  expect(res.statusCode).toBe(200)
  return res.json<AssistantMessageReply>()
}

const connectOf = (reply: AssistantMessageReply) =>
  reply.output.generic.find((item): item is ConnectToAgentItem => item.response_type === 'connect_to_agent')

/** The greeting items of a script, built from its own catalog values. */
const greetingOf = (script: Script) => [
  { response_type: 'text', text: script.greeting },
  {
    response_type: 'option',
    title: script.optionsTitle,
    options: GREETING_OPTIONS.map((intent) => ({ label: script.options[intent], value: { input: { text: script.options[intent] } } })),
  },
]

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

describe("the scripted assistant in the visitor's language", () => {
  const OTHERS = [es, fr, de, ptBR].map((script) => [script.locale, script] as const)

  it.each(OTHERS)('%s: greets in its language on the empty first message', async (locale, script) => {
    app = await appWith(undefined)
    expect(script.greeting).not.toBe(en.greeting)
    expect((await sayIn(locale, '')).output.generic).toEqual(greetingOf(script))
  })

  it.each(OTHERS)('%s: escalates each of its billing words to Billing, answering in its language', async (locale, script) => {
    app = await appWith(undefined)
    for (const word of script.words.billing) {
      const reply = await sayIn(locale, word)
      expect(reply.output.generic[0], word).toEqual({ response_type: 'text', text: script.answers.billing })
      expect(connectOf(reply), word).toMatchObject({
        topic: 'Billing',
        agent_available: { message: script.agentAvailable },
        agent_unavailable: { message: script.agentUnavailable },
      })
    }
  })

  it.each([
    ['es-MX', es.locale, es],
    ['pt', ptBR.locale, ptBR],
    ['pt-PT', ptBR.locale, ptBR],
    ['PT-br', ptBR.locale, ptBR],
    ['zh-TW', en.locale, en],
    [undefined, en.locale, en],
  ])('answers locale %s in the %s script', async (locale, _tag, script) => {
    app = await appWith(undefined)
    expect((await sayIn(locale, '')).output.generic).toEqual(greetingOf(script))
  })

  it.each(['not a locale!', 'es_MX', '', `es${'-abcdefgh'.repeat(4)}`])('refuses locale %j with a 400 naming the field', async (locale) => {
    app = await appWith(undefined)
    const res = await app.inject({ method: 'POST', url: '/assistant/message', payload: { text: 'hola', locale } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'Bad Request', field: 'body.locale' })
  })

  it('routes a Spanish technical word to Technical support whatever its case and accents', async () => {
    app = await appWith(undefined)
    expect(es.words.technical).toContain('técnico')
    for (const text of ['técnico', 'TECNICO', 'Tengo un problema TÉCNICO']) {
      const reply = await sayIn('es-ES', text)
      expect(reply.output.generic[0], text).toEqual({ response_type: 'text', text: es.answers.technical })
      expect(connectOf(reply), text).toMatchObject({ topic: 'Technical support', agent_available: { message: es.agentAvailable } })
    }
  })

  it('understands a Spanish visitor who writes in English, and still answers in Spanish', async () => {
    app = await appWith(undefined)
    expect(es.words.agent).not.toContain('agent')
    const reply = await sayIn('es', 'agent')
    expect(reply.output.generic[0]).toEqual({ response_type: 'text', text: es.answers.agent })
    const connect = connectOf(reply)
    expect(connect).toMatchObject({ agent_available: { message: es.agentAvailable }, agent_unavailable: { message: es.agentUnavailable } })
    expect(connect).not.toHaveProperty('topic')
  })

  it.each(OTHERS)('%s: keeps what the agent reads in English', async (locale, script) => {
    app = await appWith(undefined)
    const first = await sayIn(locale, script.options.shipping)
    const reply = await sayIn(locale, script.options.billing, first.sessionId)
    expect(connectOf(reply)).toMatchObject({
      topic: 'Billing',
      message_to_human_agent: `The visitor wrote: "${script.options.billing}"`,
      transfer_info: {
        summary_message_to_agent: [
          `Visitor: ${script.options.shipping}`,
          `Assistant: ${script.answers.shipping}`,
          `Visitor: ${script.options.billing}`,
          `Assistant: ${script.answers.billing}`,
        ].join('\n'),
      },
    })
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
