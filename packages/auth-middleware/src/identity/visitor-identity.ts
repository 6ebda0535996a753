import { createPublicKey, createSecretKey, type KeyObject, randomUUID } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import jwt from 'jsonwebtoken'
import type { VisitorJwtConfig } from '../config/config.js'
import { UnauthorizedError } from '../errors/http-errors.js'

/** Who the visitor is: a verified site user (`sub` of their JWT) or a fresh anonymous id. */
export interface VisitorIdentity {
  identity: string
  verified: boolean
}

// Twilio identities are visible to agents and in logs: accept opaque ids only, never an email or a name.
// https://www.twilio.com/docs/chat/identity
const OPAQUE_ID = /^[A-Za-z0-9_.:|-]{1,120}$/

export interface VisitorIdentityResolver {
  /** Resolves the `Authorization` header of `POST /auth` into an identity, or throws 401. */
  resolve(authorization: string | undefined): VisitorIdentity
  /**
   * {@link resolve} for this request's `Authorization` header, done once per request: the outcome (the
   * identity, or the 401) is remembered for the request's later readers, so the rate limiter and the
   * route verify one JWT once between them and see the same anonymous id.
   */
  forRequest(request: Pick<FastifyRequest, 'headers'>): VisitorIdentity
}

type Outcome = { identity: VisitorIdentity } | { error: unknown }

/**
 * Builds the resolver once from configuration: the key is parsed into a `KeyObject` at start-up, the
 * algorithms are pinned (never `none`), and `exp` is required.
 *
 * @example
 * const visitors = createVisitorIdentityResolver(config.visitorJwt)
 * const { identity } = visitors.forRequest(request) // verified on the first call for this request only
 */
export function createVisitorIdentityResolver(config: VisitorJwtConfig): VisitorIdentityResolver {
  const key: KeyObject | undefined = config.key
    ? config.key.includes('PUBLIC KEY')
      ? createPublicKey(config.key)
      : createSecretKey(Buffer.from(config.key, 'utf8'))
    : undefined
  // Keyed by the request object, so an entry goes when its request does.
  const outcomes = new WeakMap<object, Outcome>()

  const resolver: VisitorIdentityResolver = {
    forRequest(request) {
      let outcome = outcomes.get(request)
      if (!outcome) {
        try {
          outcome = { identity: resolver.resolve(request.headers.authorization) }
        } catch (error) {
          outcome = { error }
        }
        outcomes.set(request, outcome)
      }
      if ('error' in outcome) throw outcome.error
      return outcome.identity
    },
    resolve(authorization) {
      if (!authorization) {
        if (config.required) {
          throw new UnauthorizedError(
            'A visitor JWT is required: send Authorization: Bearer <JWT> signed by your site (see getVisitorToken in the adapter).',
          )
        }
        return { identity: `anon_${randomUUID()}`, verified: false }
      }
      if (!key) {
        throw new UnauthorizedError(
          'This middleware does not accept visitor JWTs: remove the Authorization header, or configure VISITOR_JWT_SECRET or VISITOR_JWT_PUBLIC_KEY.',
        )
      }
      const token = authorization.slice('Bearer '.length)
      let claims: jwt.JwtPayload | string
      try {
        claims = jwt.verify(token, key, {
          algorithms: [...config.algorithms],
          ...(config.issuer ? { issuer: config.issuer } : {}),
          ...(config.audience ? { audience: config.audience } : {}),
        })
      } catch (err) {
        throw new UnauthorizedError(`The visitor JWT was rejected: ${describeJwtError(err)}.`)
      }
      if (typeof claims === 'string' || typeof claims.exp !== 'number') {
        throw new UnauthorizedError('The visitor JWT was rejected: it has no "exp" claim; sign it with an expiry.')
      }
      if (typeof claims.sub !== 'string' || !OPAQUE_ID.test(claims.sub)) {
        throw new UnauthorizedError(
          'The visitor JWT was rejected: its "sub" must be an opaque user id (letters, digits, _ . : | -, at most 120), never an email or a name.',
        )
      }
      return { identity: claims.sub, verified: true }
    },
  }
  return resolver
}

/** Turns a `jsonwebtoken` error into a reason a site developer can act on, without echoing the token. */
export function describeJwtError(err: unknown): string {
  if (err instanceof jwt.TokenExpiredError) return 'it has expired'
  if (err instanceof jwt.NotBeforeError) return 'it is not valid yet (nbf)'
  if (err instanceof jwt.JsonWebTokenError) {
    // jsonwebtoken's messages name the failed check ("invalid signature", "jwt audience invalid. expected: x").
    return err.message
  }
  return 'it could not be verified'
}
