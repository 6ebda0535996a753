/**
 * Bench server: the built middleware in Twilio mode, Twilio answered in-process by msw (the lean,
 * spec-checked replies), listening on a free loopback port. Started by `bench/run.mjs` with `fork`;
 * argv[2] is the Flex chat API (`conversations` or `programmable-chat`).
 */

import { buildApp, loadConfig } from '@flex-escalate/auth-middleware'
import { setupServer } from 'msw/node'
import { benchEnvironment } from './bench-env.js'
import { startProbe } from './server-probe.js'
import { checkRepliesAgainstSpecs, leanTwilioHandlers } from './twilio-replies.js'

const chatApi = process.argv[2]
if (chatApi !== 'conversations' && chatApi !== 'programmable-chat') {
  throw new Error(`Failed to start the bench server: the chat API must be conversations or programmable-chat (got ${String(chatApi)}).`)
}

const specProblems = checkRepliesAgainstSpecs()
const twilio = leanTwilioHandlers()
// Anything not answered here would leave the machine: refuse it instead (the bench stays on 127.0.0.1).
const msw = setupServer(...twilio.handlers)
msw.listen({ onUnhandledRequest: 'error' })

const probe = startProbe(() => [...specProblems, ...twilio.violations], twilio.total)
const app = await buildApp(loadConfig(benchEnvironment(chatApi)), { logStream: { write: () => undefined } })
app.addHook('onResponse', async (_request, reply) => probe.count(reply.statusCode))
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
probe.ready(typeof address === 'object' && address ? address.port : 0)
