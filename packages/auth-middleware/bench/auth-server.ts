/**
 * Bench server: the built middleware in Twilio mode, listening on a free loopback port. Started by `bench/run.mjs`
 * with `fork`; argv[2] is the Flex chat API (`conversations` or `programmable-chat`), argv[3] (or `BENCH_TWILIO`)
 * where Twilio is:
 * - `msw` (the default): answered in-process by msw with the lean, spec-checked replies;
 * - `https`: the bench's Twilio fake, its own process (`twilio-https-server.ts`), reached over TLS through the real
 *   SDK's pool. This process must be started with `--require loopback-twilio.cjs` and the fake's certificate in
 *   `NODE_EXTRA_CA_CERTS` (`bench/lib/twilio-fake.mjs` gives both); msw is not even loaded. The fake counts the
 *   Twilio calls, so the probe's `upstreamCalls` stays 0.
 */

import { buildApp, loadConfig } from '@flex-escalate/auth-middleware'
import { benchEnvironment } from './bench-env.js'
import { startProbe } from './server-probe.js'

const chatApi = process.argv[2]
if (chatApi !== 'conversations' && chatApi !== 'programmable-chat') {
  throw new Error(`Failed to start the bench server: the chat API must be conversations or programmable-chat (got ${String(chatApi)}).`)
}
const twilioMode = process.argv[3] ?? process.env.BENCH_TWILIO ?? 'msw'
if (twilioMode !== 'msw' && twilioMode !== 'https') {
  throw new Error(`Failed to start the bench server: Twilio must be msw or https (got ${twilioMode}). Please pass one of them as argv[3].`)
}

/** Problems to report at each sample, and the Twilio calls counted here (none in https mode: the fake counts them). */
async function twilioInProcess(): Promise<{ problems: () => string[]; calls: () => number }> {
  const { setupServer } = await import('msw/node')
  const { checkRepliesAgainstSpecs, leanTwilioHandlers } = await import('./twilio-replies.js')
  const specProblems = checkRepliesAgainstSpecs()
  const twilio = leanTwilioHandlers()
  // Anything not answered here would leave the machine: refuse it instead (the bench stays on 127.0.0.1).
  setupServer(...twilio.handlers).listen({ onUnhandledRequest: 'error' })
  return { problems: () => [...specProblems, ...twilio.violations], calls: twilio.total }
}

/** Refuses to start unless the SDK's requests would reach the fake: without the preload they would leave the machine. */
function checkTwilioOverHttps(): { problems: () => string[]; calls: () => number } {
  const missing = [
    Symbol.for('flex-escalate.bench.loopback-twilio') in globalThis ? undefined : '--require <bench dist>/loopback-twilio.cjs',
    process.env.NODE_EXTRA_CA_CERTS ? undefined : "NODE_EXTRA_CA_CERTS=<the fake's certPath>",
  ].filter(Boolean)
  if (missing.length > 0) {
    throw new Error(
      `Failed to start the bench server with Twilio over HTTPS: ${missing.join(' and ')} missing, so Twilio calls would leave 127.0.0.1. ` +
        "Please start it with bench/lib/twilio-fake.mjs's execArgv() and env().",
    )
  }
  // The SDK sends everything through HTTP_PROXY when set: that would bypass the loopback.
  if (process.env.HTTP_PROXY) {
    throw new Error(
      'Failed to start the bench server with Twilio over HTTPS: HTTP_PROXY is set, so the Twilio SDK would use the proxy. Please unset it.',
    )
  }
  return { problems: () => [], calls: () => 0 }
}

const twilio = twilioMode === 'https' ? checkTwilioOverHttps() : await twilioInProcess()
const probe = startProbe(twilio.problems, twilio.calls)
const app = await buildApp(loadConfig(benchEnvironment(chatApi)), { logStream: { write: () => undefined } })
app.addHook('onResponse', async (_request, reply) => probe.count(reply.statusCode))
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
probe.ready(typeof address === 'object' && address ? address.port : 0)
