/**
 * The reference design: what IBM's predecessor did on each `POST /auth`, as a minimal Express 5 server.
 * Per request it builds a NEW Twilio client, creates the Flex channel (Programmable Chat Flex Flow),
 * mints the access token with the API secret as a string (jsonwebtoken parses it on every call) and logs
 * the token (here to a null stream, so the cost of formatting is paid but nothing is printed).
 *
 * Twilio is whatever the process reaches at `*.twilio.com`: in the bench, the HTTPS fake in its own process,
 * through the loopback preload (bench/lib/twilio-fake.mjs), as every design meets it. Started by the bench
 * with `fork`; speaks the same IPC probe.
 */
import { Console } from 'node:console'
import { Writable } from 'node:stream'
import express from 'express'
import twilio from 'twilio'
import { paths } from '../lib/paths.mjs'

/** @type {import('../types/auth-middleware.js').BenchEnvModule} */
const { BENCH_API_KEY_SECRET, benchEnvironment } = await import(paths.benchEnv)
/** @type {import('../types/auth-middleware.js').TwilioOverHttpsModule} */
const { assertTwilioOverHttps } = await import(paths.twilioOverHttps)
/** @type {import('../types/auth-middleware.js').ServerProbeModule} */
const { startProbe } = await import(paths.serverProbe)

const variables = benchEnvironment('programmable-chat')
/** @param {string} name */
const variable = (name) => {
  const value = variables[name]
  if (value === undefined) {
    throw new Error(`Failed to start the reference server: the bench environment has no ${name}.`)
  }
  return value
}
const env = {
  TWILIO_ACCOUNT_SID: variable('TWILIO_ACCOUNT_SID'),
  TWILIO_API_KEY_SID: variable('TWILIO_API_KEY_SID'),
  TWILIO_CHAT_SERVICE_SID: variable('TWILIO_CHAT_SERVICE_SID'),
  TWILIO_FLEX_FLOW_SID: variable('TWILIO_FLEX_FLOW_SID'),
}
assertTwilioOverHttps('the reference server')
const probe = startProbe(() => [])

/**
 * The fields of `POST /auth` the predecessor read, where they are strings (express.json() leaves any JSON,
 * or nothing, in the body).
 *
 * @param {unknown} body
 * @returns {{ visitorName?: string, messageToHumanAgent?: string }}
 */
const authFields = (body) => {
  if (typeof body !== 'object' || body === null) return {}
  return {
    visitorName: 'visitorName' in body && typeof body.visitorName === 'string' ? body.visitorName : undefined,
    messageToHumanAgent:
      'messageToHumanAgent' in body && typeof body.messageToHumanAgent === 'string' ? body.messageToHumanAgent : undefined,
  }
}

const nullStream = new Writable({ write: (/** @type {unknown} */ _chunk, _encoding, done) => done() })
const log = new Console({ stdout: nullStream, stderr: nullStream })
const { AccessToken } = twilio.jwt

const app = express()
app.use(express.json())
app.use((_request, response, next) => {
  response.on('finish', () => probe.count(response.statusCode))
  next()
})
app.post('/auth', async (request, response) => {
  try {
    // The predecessor: a client per request, no keep-alive between requests.
    const client = twilio(env.TWILIO_API_KEY_SID, BENCH_API_KEY_SECRET, { accountSid: env.TWILIO_ACCOUNT_SID })
    const identity = 'website-visitor'
    const fields = authFields(request.body)
    const name = fields.visitorName ?? 'Website visitor'
    const channel = await client.flexApi.v1.channel.create({
      flexFlowSid: env.TWILIO_FLEX_FLOW_SID,
      identity,
      chatUserFriendlyName: name,
      chatFriendlyName: `Web chat: ${name}`,
      target: identity,
      preEngagementData: JSON.stringify({ friendlyName: name, question: fields.messageToHumanAgent ?? '' }),
    })
    const token = new AccessToken(env.TWILIO_ACCOUNT_SID, env.TWILIO_API_KEY_SID, BENCH_API_KEY_SECRET, { identity, ttl: 3600 })
    token.addGrant(new AccessToken.ChatGrant({ serviceSid: env.TWILIO_CHAT_SERVICE_SID }))
    const jwt = token.toJwt()
    log.log(`token for ${identity}: ${jwt}`)
    response.status(201).json({ identity, token: jwt, chatSid: channel.sid })
  } catch (error) {
    const message = typeof error === 'object' && error !== null && 'message' in error ? error.message : undefined
    response.status(502).json({ error: String(message ?? error) })
  }
})
app.get('/healthz', (_request, response) => response.json({ status: 'ok' }))

const server = app.listen(0, '127.0.0.1', (error) => {
  if (error) throw error
  const address = server.address()
  if (address === null || typeof address === 'string') {
    throw new Error(`Failed to start the reference server: it listens on ${address}, not a port.`)
  }
  probe.ready(address.port)
})
