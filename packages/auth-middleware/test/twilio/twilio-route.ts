import { delay, type HttpHandler, HttpResponse, http } from 'msw'
import { type SpecName, SpecOperation } from './openapi-spec.js'

export interface FakeRequest {
  params: Record<string, string>
  form: URLSearchParams
  query: URLSearchParams
  /** The `Authorization` header (`Basic base64(keySid:secret)` from the SDK), for routes that check the credentials. */
  authorization: string | null
}

export interface FakeReply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/**
 * A fault to inject into one request:
 * - `reply`: Twilio answers this instead (an error status, with `Retry-After` for a 429);
 * - `reset`: the connection drops before Twilio saw the request (msw `HttpResponse.error()`);
 * - `delay`: Twilio does the work but answers only after `ms`, so a client with a shorter timeout gives up.
 */
export type Fault = { kind: 'reply'; reply: FakeReply } | { kind: 'reset' } | { kind: 'delay'; ms: number }

/** A Twilio error as the REST API sends it. https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions */
export function twilioError(status: number, code: number, message: string): FakeReply {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } }
}

export interface RouteLog {
  /** Every request each operation received, by operation id. */
  calls: Map<string, FakeRequest[]>
  /** Disagreements with Twilio's spec, in requests or replies. A conformant run leaves this empty. */
  violations: string[]
  /** Faults to inject, by operation id, consumed one per request. */
  faults: Map<string, Fault[]>
  /** How many injected faults were served so far. */
  faultsServed: number
}

/**
 * One fake Twilio operation as an msw handler that holds itself to Twilio's OpenAPI spec: the operation
 * must exist, every form and query parameter the SDK sends must be defined there (required ones present),
 * and every reply must be a declared status whose body validates against the operation's schema.
 * Disagreements are recorded in `log.violations` and answered with a 400 like Twilio would.
 */
export function twilioRoute(
  log: RouteLog,
  spec: SpecName,
  method: 'get' | 'post' | 'delete',
  path: string,
  respond: (request: FakeRequest) => FakeReply,
): { operation: SpecOperation; handler: HttpHandler } {
  const operation = new SpecOperation(spec, method, path)
  const url = `https://${operation.host}${path.replace(/\{(\w+)\}/g, ':$1')}`
  const handler = http[method](url, async ({ request, params }) => {
    const query = new URL(request.url).searchParams
    const form = method === 'post' ? new URLSearchParams(await request.text()) : new URLSearchParams()
    const fakeRequest: FakeRequest = {
      params: params as Record<string, string>,
      form,
      query,
      authorization: request.headers.get('authorization'),
    }
    const calls = log.calls.get(operation.id) ?? []
    calls.push(fakeRequest)
    log.calls.set(operation.id, calls)

    const problems = [...operation.checkForm(form), ...operation.checkQuery(query)]
    if (problems.length > 0) {
      log.violations.push(...problems)
      return reply(twilioError(400, 20001, problems.join('; ')))
    }
    const fault = log.faults.get(operation.id)?.shift()
    if (fault) log.faultsServed++
    if (fault?.kind === 'reply') return reply(fault.reply)
    if (fault?.kind === 'reset') return HttpResponse.error()

    let result: FakeReply
    try {
      result = respond(fakeRequest)
    } catch (err) {
      // A broken fake must fail the test, not hang the SDK until its timeout.
      log.violations.push(`the fake of ${operation.id} threw: ${(err as Error).message}`)
      return reply(twilioError(500, 20500, 'The fake threw'))
    }
    if (result.status < 400) log.violations.push(...operation.checkResponse(result.status, result.body))
    if (fault?.kind === 'delay') await delay(fault.ms)
    return reply(result)
  })
  return { operation, handler }
}

function reply({ status, body, headers }: FakeReply): Response {
  return body === undefined ? new HttpResponse(null, { status, headers }) : HttpResponse.json(body as object, { status, headers })
}
