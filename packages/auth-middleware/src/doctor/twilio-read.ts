/** One read-only Twilio call, as `doctor` needs it: the value, or why not in a line an operator can act on. */
export type Read<T> = { ok: true; value: T } | ReadFailure

export interface ReadFailure {
  ok: false
  /** The HTTP status Twilio answered; undefined when no answer came (network, proxy, timeout). */
  status: number | undefined
  /** Twilio's error code (20003, 20404…), https://www.twilio.com/docs/api/errors */
  code: number | undefined
  /** Twilio's message ("Authenticate"), or the network error's. */
  message: string
  /** "Failed to X: Y. Please Z." — Twilio's code and message, never a stack or the request (it carries the key). */
  error: string
}

interface ErrorLike {
  status?: unknown
  code?: unknown
  message?: unknown
}

/**
 * Runs one SDK read; a Twilio error or a network failure becomes a {@link ReadFailure} instead of a throw.
 *
 * @example
 * const workspace = await read('read workspace WS…', () => client.taskrouter.v1.workspaces(sid).fetch())
 * if (!workspace.ok && workspace.status === 404) … // not in this account
 */
export async function read<T>(what: string, call: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await call() }
  } catch (err) {
    return readFailure(what, err)
  }
}

/**
 * The {@link ReadFailure} of an error the SDK threw: a RestException has Twilio's `status`, `code` and
 * `message`; anything else never reached Twilio (axios' DNS, TLS, reset and timeout errors).
 *
 * @example
 * readFailure('read the Flex configuration', err).error // 'Failed to read the Flex configuration: Twilio answered 500 (error 20500: …). Please …'
 */
export function readFailure(what: string, err: unknown): ReadFailure {
  const e: ErrorLike = typeof err === 'object' && err !== null ? err : {}
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(err)
  if (typeof e.status === 'number') {
    const code = typeof e.code === 'number' ? e.code : undefined
    const answer = code ? `Twilio answered ${e.status} (error ${code}: ${message})` : `Twilio answered ${e.status}`
    const please = code ? `Please see https://www.twilio.com/docs/errors/${code}` : 'Please try again, or check https://status.twilio.com'
    return { ok: false, status: e.status, code, message, error: `Failed to ${what}: ${answer}. ${please}.` }
  }
  const networkCode = typeof e.code === 'string' && !message.includes(e.code) ? ` (${e.code})` : ''
  // The twilio SDK goes through a proxy only when HTTP_PROXY is set (its RequestClient reads no HTTPS_PROXY).
  return {
    ok: false,
    status: undefined,
    code: undefined,
    message,
    error: `Failed to reach Twilio: ${message}${networkCode}. Please check the network, or set HTTP_PROXY if Twilio is reached through a proxy.`,
  }
}

/** True when Twilio said the resource does not exist (404, as for a SID of another account or workspace). */
export function isNotFound(read: Read<unknown>): boolean {
  return !read.ok && read.status === 404
}
