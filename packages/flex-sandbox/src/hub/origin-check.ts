import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * Which browser pages may open the sandbox's sockets. Browsers do not apply CORS to WebSockets: any page can
 * open one to any server, with the visitor's or agent's network position (cross-site WebSocket hijacking,
 * https://owasp.org/www-community/attacks/Cross-Site_WebSocket_Hijacking). What a browser cannot forge is
 * the `Origin` header of the upgrade, so the hub checks it as the middleware's CORS does for HTTP.
 *
 * - A listed origin, or any with `*` (development only: the middleware refuses `*` in production).
 * - The page's own server: an `Origin` equal to the scheme and `Host` the request came to.
 * - No `Origin` at all: not a browser (Node's `ws`, curl), which could send any header it liked anyway.
 */
export interface OriginPolicy {
  /** `ALLOWED_ORIGINS` as the middleware parsed it: `https://shop.example` entries, or `*`. */
  readonly allowedOrigins: readonly string[]
}

/**
 * Whether an upgrade from `origin` may proceed.
 *
 * @example
 * originAllowed({ allowedOrigins: ['https://shop.example'] }, 'https://evil.example', 'http://127.0.0.1:4000') // false
 */
export function originAllowed(policy: OriginPolicy, origin: string | undefined, self: string): boolean {
  if (origin === undefined) return true
  return policy.allowedOrigins.includes('*') || policy.allowedOrigins.includes(origin) || origin === self
}

/**
 * A `preValidation` hook for the socket routes: a foreign origin gets a 403 JSON error and no upgrade, so it
 * never reaches sign-in, let alone an agent's chats.
 *
 * @example
 * app.get('/sandbox/agent', { websocket: true, preValidation: refuseForeignOrigins(policy) }, handler)
 */
export function refuseForeignOrigins(policy: OriginPolicy) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const origin = request.headers.origin
    if (originAllowed(policy, origin, `${request.protocol}://${request.host}`)) return
    await reply.code(403).send({
      error: 'Forbidden',
      message: `Failed to open the sandbox socket: the page's origin ${origin} is not in ALLOWED_ORIGINS. Please add it there to let that page connect.`,
      field: 'headers.origin',
    })
  }
}
