/**
 * Bench server: the built middleware in Twilio mode, listening on a free loopback port. Started by `bench/run.mjs`
 * with `fork`; argv[2] is the Flex chat API (`conversations` or `programmable-chat`). Twilio is the bench's fake,
 * its own process (`twilio-https-server.ts`), reached over TLS through the real SDK's pool: this process must be
 * started with the fake's `execArgv()` and `env()` (`bench/lib/twilio-fake.mjs`). The fake counts the Twilio
 * calls, so the probe's `upstreamCalls` stays 0.
 */

import { buildApp, loadConfig } from '@flex-escalate/auth-middleware'
import { benchEnvironment } from './bench-env.js'
import { startProbe } from './server-probe.js'
import { assertTwilioOverHttps } from './twilio-over-https.js'

const chatApi = process.argv[2]
if (chatApi !== 'conversations' && chatApi !== 'programmable-chat') {
  throw new Error(`Failed to start the bench server: the chat API must be conversations or programmable-chat (got ${String(chatApi)}).`)
}
assertTwilioOverHttps('the bench server')

const probe = startProbe(() => [])
const app = await buildApp(loadConfig(benchEnvironment(chatApi)), { logStream: { write: () => undefined } })
app.addHook('onResponse', async (_request, reply) => probe.count(reply.statusCode))
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
probe.ready(typeof address === 'object' && address ? address.port : 0)
