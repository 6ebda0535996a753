/**
 * Preload for a bench server under test (`node --require dist/bench/loopback-twilio.cjs`): Twilio's names lead to the
 * bench's HTTPS fake (`twilio-https-server.ts`) on 127.0.0.1, while the real `twilio` SDK stays untouched and pays
 * what it pays in production (DNS lookup, TLS handshake, its keep-alive pool).
 *
 * Two hooks, both where Node itself looks them up on every connection (checked on Node 20 and 24):
 * - `dns.lookup` (and `dns.promises.lookup`): `twilio.com` and every `*.twilio.com` resolve to 127.0.0.1. `net`
 *   calls `dns.lookup(host, { all: true, hints })` for each new socket (its happy-eyeballs family selection).
 * - `tls.connect`: `https.Agent#createConnection` calls it with `{ host, port: 443, servername }`; for a Twilio name
 *   on 443 the port becomes `TWILIO_FAKE_PORT`. The host and servername stay Twilio's, so SNI, the certificate check
 *   (the fake's certificate, trusted through `NODE_EXTRA_CA_CERTS`) and the agent's pool key are production's.
 *
 * Every other name resolves and connects as before.
 */
import dns = require('node:dns')
import nodeModule = require('node:module')
import tls = require('node:tls')
import util = require('node:util')

/** Set once installed: the bench's auth server checks it before it lets the SDK reach "Twilio". */
const MARKER = Symbol.for('flex-escalate.bench.loopback-twilio')
const LOOPBACK = '127.0.0.1'

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void

/** Whether `name` is Twilio's: `twilio.com` or any name below it (a trailing dot allowed, case ignored). */
function isTwilioHost(name: unknown): boolean {
  if (typeof name !== 'string') return false
  const host = name.toLowerCase().replace(/\.$/, '')
  return host === 'twilio.com' || host.endsWith('.twilio.com')
}

function readFakePort(): number {
  const text = process.env.TWILIO_FAKE_PORT
  if (!text) {
    throw new Error("Failed to load loopback-twilio: TWILIO_FAKE_PORT is not set. Please start the bench's Twilio fake first.")
  }
  const port = Number(text)
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(
      `Failed to load loopback-twilio: TWILIO_FAKE_PORT="${text}" is not a TCP port. Please pass the port the bench's Twilio fake reported.`,
    )
  }
  return port
}

const wantsAll = (options: unknown): boolean =>
  typeof options === 'object' && options !== null && (options as { all?: unknown }).all === true

function install(fakePort: number): void {
  const originalLookup = dns.lookup
  const promises = dns.promises
  const originalPromisesLookup = promises.lookup

  // The fake listens on IPv4 loopback only, so a Twilio name has that one address whatever family is asked.
  async function promisesLookup(hostname: string, options?: unknown): Promise<dns.LookupAddress | dns.LookupAddress[]> {
    if (!isTwilioHost(hostname)) return Reflect.apply(originalPromisesLookup, promises, [hostname, options])
    const address: dns.LookupAddress = { address: LOOPBACK, family: 4 }
    return wantsAll(options) ? [address] : address
  }

  function lookup(hostname: string, ...rest: unknown[]): unknown {
    const callback = rest.at(-1)
    // Not ours, or malformed (no callback): Node's own lookup answers, or throws its own argument error.
    if (!isTwilioHost(hostname) || typeof callback !== 'function') return Reflect.apply(originalLookup, dns, [hostname, ...rest])
    const all = rest.length > 1 && wantsAll(rest[0])
    // Asynchronous, as Node's lookup always is: callers may rely on it.
    process.nextTick(() => {
      const done = callback as LookupCallback
      if (all) done(null, [{ address: LOOPBACK, family: 4 }])
      else done(null, LOOPBACK, 4)
    })
    return undefined
  }
  // util.promisify(dns.lookup) resolves `{ address, family }` with Node's; keep that for the wrapper.
  Object.defineProperty(lookup, util.promisify.custom, { value: promisesLookup })

  const originalConnect = tls.connect
  function connect(...args: unknown[]): tls.TLSSocket {
    const [first, second] = args
    if (typeof first === 'object' && first !== null) {
      // tls.connect(options[, callback]): the form https.Agent uses.
      const options = first as tls.ConnectionOptions
      if ((isTwilioHost(options.servername) || isTwilioHost(options.host)) && Number(options.port) === 443) {
        args[0] = { ...options, port: fakePort }
      }
    } else if (typeof first === 'number' || typeof first === 'string') {
      // tls.connect(port[, host][, options][, callback])
      const options = args.find((a): a is tls.ConnectionOptions => typeof a === 'object' && a !== null)
      if ((isTwilioHost(second) || isTwilioHost(options?.servername)) && Number(first) === 443) args[0] = fakePort
    }
    return Reflect.apply(originalConnect, tls, args) as tls.TLSSocket
  }

  dns.lookup = lookup as typeof dns.lookup
  promises.lookup = promisesLookup as typeof promises.lookup
  tls.connect = connect as typeof tls.connect
  // ES modules that import { lookup } / { connect } by name see the wrappers too.
  nodeModule.syncBuiltinESMExports()
  Object.defineProperty(globalThis, MARKER, { value: { port: fakePort } })
}

// A second --require of this file must not wrap the wrappers.
if (!(MARKER in globalThis)) install(readFakePort())
