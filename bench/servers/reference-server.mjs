/**
 * The reference design: what IBM's predecessor did on each `POST /auth`, as a minimal Express 5 server.
 * Per request it builds a NEW Twilio client, creates the Flex channel (Programmable Chat Flex Flow),
 * mints the access token with the API secret as a string (jsonwebtoken parses it on every call) and logs
 * the token (here to a null stream, so the cost of formatting is paid but nothing is printed).
 *
 * Twilio is answered in-process by the same lean, spec-checked msw replies as our middleware, so both
 * servers pay the same for "Twilio". Started by the bench with `fork`; speaks the same IPC probe.
 */
import { Console } from 'node:console'
import { Writable } from 'node:stream'
import express from 'express'
import { setupServer } from 'msw/node'
import twilio from 'twilio'
import { paths } from '../lib/paths.mjs'

const { BENCH_API_KEY_SECRET, benchEnvironment } = await import(paths.benchEnv)
const { checkRepliesAgainstSpecs, leanTwilioHandlers } = await import(paths.twilioReplies)
const { startProbe } = await import(paths.serverProbe)

const env = benchEnvironment('programmable-chat')
const specProblems = checkRepliesAgainstSpecs()
const lean = leanTwilioHandlers()
setupServer(...lean.handlers).listen({ onUnhandledRequest: 'error' })
const probe = startProbe(() => [...specProblems, ...lean.violations], lean.total)

const nullStream = new Writable({ write: (_chunk, _encoding, done) => done() })
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
    const name = request.body?.visitorName ?? 'Website visitor'
    const channel = await client.flexApi.v1.channel.create({
      flexFlowSid: env.TWILIO_FLEX_FLOW_SID,
      identity,
      chatUserFriendlyName: name,
      chatFriendlyName: `Web chat: ${name}`,
      target: identity,
      preEngagementData: JSON.stringify({ friendlyName: name, question: request.body?.messageToHumanAgent ?? '' }),
    })
    const token = new AccessToken(env.TWILIO_ACCOUNT_SID, env.TWILIO_API_KEY_SID, BENCH_API_KEY_SECRET, { identity, ttl: 3600 })
    token.addGrant(new AccessToken.ChatGrant({ serviceSid: env.TWILIO_CHAT_SERVICE_SID }))
    const jwt = token.toJwt()
    log.log(`token for ${identity}: ${jwt}`)
    response.status(201).json({ identity, token: jwt, chatSid: channel.sid })
  } catch (error) {
    response.status(502).json({ error: String(error?.message ?? error) })
  }
})
app.get('/healthz', (_request, response) => response.json({ status: 'ok' }))

const server = app.listen(0, '127.0.0.1', () => probe.ready(server.address().port))
