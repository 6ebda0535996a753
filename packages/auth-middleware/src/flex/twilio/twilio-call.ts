import { UpstreamError } from '../../errors/http-errors.js'

interface TwilioLikeError {
  status?: unknown
  code?: unknown
  message?: unknown
}

/**
 * Runs one Twilio SDK call and turns any failure into an {@link UpstreamError} that says what we were
 * doing. A Twilio outage must never take the process down or leak the SDK's error text (which can echo
 * request parameters) to the visitor.
 *
 * @example
 * const channel = await twilioCall('create the Flex chat', () => client.flexApi.v1.channel.create(params))
 */
export async function twilioCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    throw toUpstreamError(operation, err)
  }
}

export function toUpstreamError(operation: string, err: unknown): UpstreamError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as TwilioLikeError
  if (typeof e.status === 'number') {
    const code = typeof e.code === 'number' ? e.code : undefined
    return new UpstreamError(
      operation,
      `Twilio answered ${e.status}${code ? ` (error ${code}, https://www.twilio.com/docs/errors/${code})` : ''}`,
      e.status,
      code,
    )
  }
  const network = typeof e.code === 'string' ? e.code : undefined
  return new UpstreamError(operation, network ? `Twilio could not be reached (${network})` : 'Twilio could not be reached')
}

/** True when Twilio says the resource does not exist (HTTP 404), used to make "end" idempotent. */
export function isNotFound(err: unknown): boolean {
  return err instanceof UpstreamError && err.upstreamStatus === 404
}
