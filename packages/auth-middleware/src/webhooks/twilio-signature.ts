import type { FastifyInstance, FastifyRequest } from 'fastify'
import twilio from 'twilio'
import { HttpError } from '../errors/http-errors.js'

const FORM = 'application/x-www-form-urlencoded'

/**
 * Lets the webhook plugin `app` read the form bodies Twilio posts. Call it inside the plugin: the parser is
 * scoped to it, so the JSON API keeps refusing form bodies (415).
 *
 * @example
 * acceptTwilioForms(app) // in a webhook plugin, before its route
 */
export function acceptTwilioForms(app: FastifyInstance): void {
  app.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => done(null, parseForm(String(body))))
}

/**
 * The form of a webhook call, once it is known to come from Twilio: 415 for any other content type, 403
 * without a valid `X-Twilio-Signature` (see {@link verifyTwilioSignature}).
 *
 * @example
 * const form = signedTwilioForm(request, authToken, publicUrl) // { EventType: 'task.canceled', … }
 */
export function signedTwilioForm(request: FastifyRequest, authToken: string, publicUrl: string | undefined): Record<string, string> {
  if (request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() !== FORM) {
    throw new HttpError(415, 'Unsupported Media Type', `Failed to read the webhook: Twilio posts ${FORM}. Please send that.`)
  }
  const form = (request.body ?? {}) as Record<string, string>
  verifyTwilioSignature(request, authToken, form, publicUrl)
  return form
}

/** 403: a webhook without a valid `X-Twilio-Signature`. */
export class ForbiddenError extends HttpError {
  constructor(message: string) {
    super(403, 'Forbidden', message, 'headers.x-twilio-signature')
    this.name = 'ForbiddenError'
  }
}

/**
 * Checks `X-Twilio-Signature` (HMAC-SHA1 with the account's Auth Token over the full URL and the sorted
 * form parameters) and throws 403 unless it matches: anyone can reach a public webhook URL.
 * https://www.twilio.com/docs/usage/webhooks/webhooks-security#validating-signatures-from-twilio
 *
 * `publicUrl` is the URL Twilio was configured with (TWILIO_WEBHOOK_URL), needed when a proxy rewrites
 * scheme, host or path; without it the URL is rebuilt from the request (honouring TRUST_PROXY).
 *
 * @example
 * verifyTwilioSignature(request, authToken, form, undefined) // throws ForbiddenError when forged
 */
export function verifyTwilioSignature(
  request: FastifyRequest,
  authToken: string,
  form: Record<string, string>,
  publicUrl: string | undefined,
): void {
  const signature = request.headers['x-twilio-signature']
  if (typeof signature !== 'string' || signature.length === 0) {
    throw new ForbiddenError('Failed to accept the webhook: it has no X-Twilio-Signature header. Please send it from Twilio.')
  }
  const url = publicUrl ?? `${request.protocol}://${request.host}${request.url}`
  if (!twilio.validateRequest(authToken, signature, url, form)) {
    throw new ForbiddenError(
      'Failed to accept the webhook: its X-Twilio-Signature does not match. Please check TWILIO_AUTH_TOKEN and TWILIO_WEBHOOK_URL.',
    )
  }
}

/**
 * Reads an `application/x-www-form-urlencoded` body (what Twilio posts) into a plain record; a repeated
 * key keeps its last value, as Twilio's signature sorts by key only.
 *
 * @example
 * parseForm('EventType=onConversationStateUpdated&StateTo=closed') // { EventType: '...', StateTo: 'closed' }
 */
export function parseForm(body: string): Record<string, string> {
  const form: Record<string, string> = Object.create(null) as Record<string, string>
  for (const [key, value] of new URLSearchParams(body)) form[key] = value
  return form
}
