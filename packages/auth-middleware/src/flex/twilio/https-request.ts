import https, { type Agent } from 'node:https'
import type IRequestClient from 'twilio/lib/base/RequestClient.js'
import type * as ResponseModule from 'twilio/lib/http/response.js'

type RequestOptions<TData> = IRequestClient.RequestOptions<TData>
/** What the SDK's client resolves with (a CommonJS default export, so named through its module). */
type TwilioResponse<TData> = ResponseModule.default<TData>

/** A value of a Twilio request's form or query: the SDK has serialised dates, objects and booleans already. */
type FormValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[]

/**
 * A form (or query) the way the SDK's own client writes it (`qs.stringify(data, { arrayFormat: 'repeat' })`):
 * `key=value`, a list as the key repeated. The SDK hands over flat values only (it serialises `Routing`,
 * `Attributes` and dates itself); anything else is a bug to report, not to send.
 *
 * @example
 * formOf({ Identity: 'a', Channel: ['x', 'y'] }).toString() // 'Identity=a&Channel=x&Channel=y'
 */
export function formOf(data: object): URLSearchParams {
  const form = new URLSearchParams()
  for (const [key, value] of Object.entries(data as Record<string, FormValue>)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) for (const item of value) form.append(key, String(item))
    else if (typeof value === 'object') {
      throw new Error(`Failed to send a Twilio request: its parameter ${key} is an object, not a value. Please report this bug.`)
    } else form.append(key, String(value))
  }
  return form
}

/**
 * One Twilio API request on Node's `https`, through `agent` (the pool), as the SDK's own client makes it
 * without its axios layer: Basic auth from the API key, a form or JSON body, the query, a socket timeout. A
 * CPU profile of `POST /auth` put a sixth of the middleware's time in axios alone; this is the same
 * request on the same pool. The reply's body stays text: the SDK parses it.
 *
 * @example
 * const response = await sendOverHttps(agent, 10_000, { method: 'get', uri: 'https://conversations.twilio.com/v1/Services' })
 */
export async function sendOverHttps<TData>(agent: Agent, timeoutMs: number, opts: RequestOptions<TData>): Promise<TwilioResponse<TData>> {
  const url = new URL(opts.uri)
  if (opts.params) for (const [key, value] of formOf(opts.params)) url.searchParams.append(key, value)
  const headers: Record<string, string> = { ...(opts.headers as Record<string, string> | undefined), Connection: 'keep-alive' }
  if (opts.username && opts.password) headers.Authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`
  else if (opts.authStrategy) headers.Authorization = await opts.authStrategy.getAuthString()
  let body: string | undefined
  if (opts.data) {
    const type = headers['Content-Type'] ?? 'application/x-www-form-urlencoded'
    body = type === 'application/json' ? JSON.stringify(opts.data) : formOf(opts.data).toString()
    headers['Content-Type'] = type
    headers['Content-Length'] = String(Buffer.byteLength(body))
  }
  const timeout = opts.timeout ?? timeoutMs
  return new Promise((resolve, reject) => {
    // Looked up at call time, as every HTTP client does: instrumentation (and msw in the tests) patches it.
    const req = https.request(url, { method: opts.method.toUpperCase(), headers, agent, timeout }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const statusCode = res.statusCode ?? 0
        // Text, as the SDK's own client hands it over when the reply is not JSON: the SDK parses it.
        const text = Buffer.concat(chunks).toString('utf8') as TData
        resolve({ statusCode, body: text, headers: res.headers, toString: () => `HTTP ${statusCode}` })
      })
    })
    // Silence on the socket for `timeout` ms: the attempt failed, and the retry loop decides what next.
    req.on('timeout', () => req.destroy(Object.assign(new Error(`Twilio sent nothing for ${timeout} ms`), { code: 'ETIMEDOUT' })))
    req.on('error', reject)
    req.end(body)
  })
}
