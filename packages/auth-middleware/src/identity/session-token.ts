import { createSecretKey, type KeyObject } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { UnauthorizedError } from '../errors/http-errors.js'
import type { ChatRef } from '../flex/gateway.js'
import { describeJwtError } from './visitor-identity.js'

const ISSUER = 'flex-escalate'
const AUDIENCE = 'flex-escalate-session'
const ALGORITHM = 'HS256'

/** What a session token proves: this identity owns this chat. */
export interface Session {
  identity: string
  chat: ChatRef
}

export interface SessionTokens {
  issue(session: Session): { token: string; expiresAt: Date }
  /** Verifies `Authorization: Bearer <sessionToken>`; throws 401 when missing, forged, expired or malformed. */
  verify(authorization: string | undefined): Session
}

/**
 * Session tokens are JWTs signed by the middleware that bind identity, chat and transport. They are the
 * proof of ownership for refresh, end and queue position, so a token of one chat can never act on another.
 *
 * @example
 * const sessions = createSessionTokens({ secret, ttlSeconds: 86400 })
 * const { token } = sessions.issue({ identity, chat })
 */
export function createSessionTokens(options: { secret: string; ttlSeconds: number }): SessionTokens {
  // A KeyObject skips jsonwebtoken's per-call key parsing (~40x faster than a string secret).
  const key: KeyObject = createSecretKey(Buffer.from(options.secret, 'utf8'))

  return {
    issue({ identity, chat }) {
      const token = jwt.sign({ chat }, key, {
        algorithm: ALGORITHM,
        subject: identity,
        issuer: ISSUER,
        audience: AUDIENCE,
        expiresIn: options.ttlSeconds,
      })
      return { token, expiresAt: new Date(Date.now() + options.ttlSeconds * 1000) }
    },

    verify(authorization) {
      if (!authorization) {
        throw new UnauthorizedError('A session token is required: send Authorization: Bearer <sessionToken> from POST /auth.')
      }
      let claims: jwt.JwtPayload | string
      try {
        claims = jwt.verify(authorization.slice('Bearer '.length), key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: AUDIENCE,
        })
      } catch (err) {
        throw new UnauthorizedError(`The session token was rejected: ${describeJwtError(err)}. Start a new chat with POST /auth.`)
      }
      if (typeof claims === 'string' || typeof claims.sub !== 'string' || !isChatRef(claims.chat)) {
        throw new UnauthorizedError('The session token was rejected: it is not a flex-escalate session token.')
      }
      return { identity: claims.sub, chat: claims.chat }
    },
  }
}

function isChatRef(value: unknown): value is ChatRef {
  if (typeof value !== 'object' || value === null) return false
  const ref = value as Record<string, unknown>
  return typeof ref.chatSid === 'string' && typeof ref.transport === 'string'
}
