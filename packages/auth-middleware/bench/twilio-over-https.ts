/**
 * The guard every bench server runs before it serves: its Twilio SDK must reach the bench's HTTPS fake
 * (`twilio-https-server.ts`) on 127.0.0.1, never the real Twilio. That takes the loopback preload and the
 * fake's certificate, which `bench/lib/twilio-fake.mjs` gives as `execArgv()` and `env()`.
 *
 * @example
 * assertTwilioOverHttps('the straightforward server') // throws unless started with the fake's execArgv() and env()
 */
export function assertTwilioOverHttps(server: string): void {
  const missing = [
    Symbol.for('flex-escalate.bench.loopback-twilio') in globalThis ? undefined : '--require <bench dist>/loopback-twilio.cjs',
    process.env.NODE_EXTRA_CA_CERTS ? undefined : "NODE_EXTRA_CA_CERTS=<the fake's certPath>",
  ].filter(Boolean)
  if (missing.length > 0) {
    throw new Error(
      `Failed to start ${server}: ${missing.join(' and ')} missing, so Twilio calls would leave 127.0.0.1. ` +
        "Please start it with bench/lib/twilio-fake.mjs's execArgv() and env().",
    )
  }
  // The SDK sends everything through HTTP_PROXY when set: that would bypass the loopback.
  if (process.env.HTTP_PROXY) {
    throw new Error(`Failed to start ${server}: HTTP_PROXY is set, so the Twilio SDK would use the proxy. Please unset it.`)
  }
}
