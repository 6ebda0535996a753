/**
 * The straightforward Flex Conversations design: what a developer writes from Twilio's docs for a web chat
 * that hands over to Flex ("Interactions API" quickstart), as a minimal Fastify server — the fair peer of
 * our Conversations path, on the same framework, so that what differs is the design alone. On each
 * `POST /auth`, one after another with one default `twilio` client (the SDK's own HTTPS agent):
 * create the conversation, add the visitor as a participant, create the Interaction that routes it to
 * Flex, post the summary message; then mint the access token (API secret as a string, as the docs do).
 *
 * Twilio is whatever the process reaches at `*.twilio.com`: in the bench, the HTTPS fake in its own
 * process (bench/lib/twilio-fake.mjs), through the loopback preload. Speaks the bench's IPC probe.
 */
import { randomUUID } from 'node:crypto'
import Fastify from 'fastify'
import twilio from 'twilio'
import { paths } from '../lib/paths.mjs'

/** @type {import('../types/auth-middleware.js').BenchEnvModule} */
const { BENCH_API_KEY_SECRET, benchEnvironment } = await import(paths.benchEnv)
/** @type {import('../types/auth-middleware.js').ServerProbeModule} */
const { startProbe } = await import(paths.serverProbe)
/** @type {import('../types/auth-middleware.js').TwilioOverHttpsModule} */
const { assertTwilioOverHttps } = await import(paths.twilioOverHttps)

const variables = benchEnvironment('conversations')
/** @param {string} name */
const variable = (name) => {
  const value = variables[name]
  if (value === undefined) throw new Error(`Failed to start the straightforward server: the bench environment has no ${name}.`)
  return value
}
const accountSid = variable('TWILIO_ACCOUNT_SID')
const apiKeySid = variable('TWILIO_API_KEY_SID')
const serviceSid = variable('TWILIO_CHAT_SERVICE_SID')
const workspaceSid = variable('TWILIO_WORKSPACE_SID')
const workflowSid = variable('TWILIO_WORKFLOW_SID')

assertTwilioOverHttps('the straightforward server')
const probe = startProbe(() => [])
const client = twilio(apiKeySid, BENCH_API_KEY_SECRET, { accountSid })
const { AccessToken } = twilio.jwt

/**
 * @typedef {object} AuthBody what the adapter sends; the docs' version reads the name and the question
 * @property {string} [visitorName]
 * @property {string} [messageToHumanAgent]
 * @property {string[]} [summary]
 */

const app = Fastify({ logger: false })
app.addHook('onResponse', async (_request, reply) => probe.count(reply.statusCode))
app.post('/auth', async (request, reply) => {
  const body = /** @type {AuthBody} */ (request.body ?? {})
  const identity = `visitor-${randomUUID()}`
  const name = body.visitorName ?? 'Website visitor'
  try {
    const conversation = await client.conversations.v1.services(serviceSid).conversations.create({ friendlyName: `Web chat: ${name}` })
    await client.conversations.v1.services(serviceSid).conversations(conversation.sid).participants.create({ identity })
    await client.flexApi.v1.interaction.create({
      channel: { type: 'web', initiated_by: 'customer', properties: { media_channel_sid: conversation.sid } },
      routing: {
        properties: {
          workspace_sid: workspaceSid,
          workflow_sid: workflowSid,
          task_channel_unique_name: 'chat',
          attributes: { from: name, customerName: name, question: body.messageToHumanAgent ?? '' },
        },
      },
    })
    await client.conversations.v1
      .services(serviceSid)
      .conversations(conversation.sid)
      .messages.create({ author: identity, body: (body.summary ?? []).join('\n') || (body.messageToHumanAgent ?? '') })
    const token = new AccessToken(accountSid, apiKeySid, BENCH_API_KEY_SECRET, { identity, ttl: 3600 })
    token.addGrant(new AccessToken.ChatGrant({ serviceSid }))
    return reply.code(201).send({ identity, token: token.toJwt(), chatSid: conversation.sid })
  } catch (error) {
    return reply.code(502).send({ error: error instanceof Error ? error.message : String(error) })
  }
})
app.get('/healthz', async () => ({ status: 'ok' }))

await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
if (address === null || typeof address === 'string')
  throw new Error(`Failed to start the straightforward server: it listens on ${address}, not a port.`)
probe.ready(address.port)
