import { createHmac, createSecretKey, type KeyObject } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { type Clock, systemClock } from './clock.js'

const ISSUER = 'flex-escalate'
/** Its own audience: a session token (or any other token of ours) is never accepted on the sandbox socket. */
export const SANDBOX_TOKEN_AUDIENCE = 'flex-escalate-sandbox'
const ALGORITHM = 'HS256'

/** A short-lived token the visitor's socket authenticates with. */
export interface SandboxAccessToken {
  token: string
  expiresAt: Date
}

export interface VerifiedAccessToken {
  identity: string
  expiresAt: Date
}

export interface SandboxAccessTokens {
  mint(identity: string): SandboxAccessToken
  /** Throws an Error saying why ("Failed to verify the access token: jwt expired. ...") when the token is not good. */
  verify(token: string): VerifiedAccessToken
}

export interface SandboxAccessTokenOptions {
  sessionSecret: string
  ttlSeconds: number
  /** Where `iat`, `exp` and the expiry check take their time from (default: the real clock). */
  clock?: Clock | undefined
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
export function createSandboxAccessTokens(options: SandboxAccessTokenOptions): SandboxAccessTokens {
  const key: KeyObject = createSecretKey(
    createHmac('sha256', options.sessionSecret).update('flex-escalate sandbox access token v1').digest(),
  )
  const clock = options.clock ?? systemClock
  // jsonwebtoken reads Date.now() itself unless it is given the time: `iat` on signing (exp is iat + ttl),
  // `clockTimestamp` on verifying. Both come from the sandbox's clock, so the token expires when the hub's
  // token timer (same clock) says it does, and a test on a manual clock can let it expire without waiting.
  const nowSeconds = () => Math.floor(clock.now() / 1000)
  return {
    mint(identity) {
      const iat = nowSeconds()
      const token = jwt.sign({ iat }, key, {
        algorithm: ALGORITHM,
        subject: identity,
        issuer: ISSUER,
        audience: SANDBOX_TOKEN_AUDIENCE,
        expiresIn: options.ttlSeconds,
      })
      // The instant the token's `exp` names, which verify() returns too (whole seconds).
      return { token, expiresAt: new Date((iat + options.ttlSeconds) * 1000) }
    },
    verify(token) {
      let claims: jwt.JwtPayload | string
      try {
        claims = jwt.verify(token, key, {
          algorithms: [ALGORITHM],
          issuer: ISSUER,
          audience: SANDBOX_TOKEN_AUDIENCE,
          clockTimestamp: nowSeconds(),
        })
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
