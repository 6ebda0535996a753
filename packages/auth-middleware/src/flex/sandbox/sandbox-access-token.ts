import { createHmac, createSecretKey, type KeyObject } from 'node:crypto'
import jwt from 'jsonwebtoken'
import type { AccessToken } from '../gateway.js'

const ISSUER = 'flex-escalate'
/** Its own audience: a session token (or any other token of ours) is never accepted on the sandbox socket. */
export const SANDBOX_TOKEN_AUDIENCE = 'flex-escalate-sandbox'
const ALGORITHM = 'HS256'

export interface VerifiedAccessToken {
  identity: string
  expiresAt: Date
}

export interface SandboxAccessTokens {
  mint(identity: string): AccessToken
  /** Throws an Error saying why ("Failed to verify the access token: jwt expired. ...") when the token is not good. */
  verify(token: string): VerifiedAccessToken
}

/**
 * The sandbox's stand-in for Twilio access tokens: short-lived HS256 JWTs with the identity as `sub`.
 * The key is derived from the session secret (HMAC with a fixed label) rather than the secret itself, so a
 * token of one kind can never be replayed as the other even if audiences were ever mixed up.
 *
 * @example
 * const tokens = createSandboxAccessTokens({ sessionSecret, ttlSeconds: 3600 })
 * const { token } = tokens.mint('anon_1')
 * tokens.verify(token).identity // 'anon_1'
 */
export function createSandboxAccessTokens(options: { sessionSecret: string; ttlSeconds: number }): SandboxAccessTokens {
  const key: KeyObject = createSecretKey(createHmac('sha256', options.sessionSecret).update('flex-escalate sandbox access token v1').digest())
  return {
    mint(identity) {
      const token = jwt.sign({}, key, { algorithm: ALGORITHM, subject: identity, issuer: ISSUER, audience: SANDBOX_TOKEN_AUDIENCE, expiresIn: options.ttlSeconds })
      return { token, expiresAt: new Date(Date.now() + options.ttlSeconds * 1000) }
    },
    verify(token) {
      let claims: jwt.JwtPayload | string
      try {
        claims = jwt.verify(token, key, { algorithms: [ALGORITHM], issuer: ISSUER, audience: SANDBOX_TOKEN_AUDIENCE })
      } catch (err) {
        throw new Error(`Failed to verify the access token: ${(err as Error).message}. Please get a fresh one from POST /auth/refresh.`)
      }
      if (typeof claims === 'string' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') {
        throw new Error('Failed to verify the access token: it is not a sandbox access token. Please use the token from POST /auth.')
      }
      return { identity: claims.sub, expiresAt: new Date(claims.exp * 1000) }
    },
  }
}
