import { generateKeyPairSync } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { bearer, type Harness, startHarness, VISITOR_SECRET } from '../../test/harness.js'

let h: Harness
afterEach(async () => {
  vi.restoreAllMocks()
  expect(h.fake.violations).toEqual([])
  await h.app.close()
})

const sign = (claims: object, options: jwt.SignOptions = {}, key: jwt.Secret = VISITOR_SECRET) =>
  jwt.sign(claims, key, { algorithm: 'HS256', audience: 'flex', ...('exp' in claims ? {} : { expiresIn: 300 }), ...options })

const auth = (headers: Record<string, string> = {}) => h.app.inject({ method: 'POST', url: '/auth', payload: {}, headers })

describe('visitor identity on POST /auth', () => {
  it('uses the sub of a valid visitor JWT as the chat identity', async () => {
    h = await startHarness({
      VISITOR_JWT_SECRET: VISITOR_SECRET,
      VISITOR_JWT_ISSUER: 'https://shop.example.com',
      VISITOR_JWT_AUDIENCE: 'flex',
    })
    const res = await auth(bearer(sign({ sub: 'customer-8841' }, { issuer: 'https://shop.example.com', audience: 'flex' })))
    expect(res.statusCode).toBe(201)
    expect(res.json().identity).toBe('customer-8841')
  })

  it('verifies asymmetric keys too (RS256 with a PEM public key)', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    h = await startHarness({ VISITOR_JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString() })
    const ok = await auth(bearer(jwt.sign({ sub: 'u-1' }, privateKey, { algorithm: 'RS256', expiresIn: 60 })))
    expect(ok.json().identity).toBe('u-1')
    // An HS256 token "signed" with the public key text is the classic algorithm-confusion attack.
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const confused = await auth(
      bearer(jwt.sign({ sub: 'u-1' }, pem, { algorithm: 'HS256', expiresIn: 60, allowInsecureKeySizes: true } as jwt.SignOptions)),
    )
    expect(confused.statusCode).toBe(401)
  })

  it.each([
    ['expired', () => sign({ sub: 'u-1', exp: Math.floor(Date.now() / 1000) - 10 }), 'it has expired'],
    ['not yet valid', () => sign({ sub: 'u-1' }, { notBefore: 600 }), 'it is not valid yet (nbf)'],
    ['signed with another key', () => sign({ sub: 'u-1' }, {}, 'another-secret-another-secret-another'), 'invalid signature'],
    ['signed with a pinned-out algorithm', () => sign({ sub: 'u-1' }, { algorithm: 'HS512' }), 'invalid algorithm'],
    [
      'unsigned (alg none)',
      () => jwt.sign({ sub: 'u-1', aud: 'flex', exp: Math.floor(Date.now() / 1000) + 60 }, null, { algorithm: 'none' }),
      'jwt signature is required',
    ],
    ['without exp', () => jwt.sign({ sub: 'u-1' }, VISITOR_SECRET, { algorithm: 'HS256', audience: 'flex' }), 'it has no "exp" claim'],
    ['with an email as sub', () => sign({ sub: 'ada@example.com' }), 'never an email or a name'],
    ['with the wrong audience', () => sign({ sub: 'u-1' }, { audience: 'someone-else' }), 'jwt audience invalid'],
  ])('refuses a JWT that is %s with 401 and the reason', async (_case, token, reason) => {
    h = await startHarness({ VISITOR_JWT_SECRET: VISITOR_SECRET, VISITOR_JWT_AUDIENCE: 'flex' })
    const res = await auth(bearer(token()))
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ error: 'Unauthorized', field: 'authorization' })
    expect(res.json().message).toContain(reason)
    expect(h.fake.conversations.size).toBe(0)
  })

  it('requires a JWT when VISITOR_JWT_REQUIRED=true', async () => {
    h = await startHarness({ VISITOR_JWT_SECRET: VISITOR_SECRET, VISITOR_JWT_REQUIRED: 'true' })
    const res = await auth()
    expect(res.statusCode).toBe(401)
    expect(res.json().message).toMatch(/^A visitor JWT is required/)
  })

  it('refuses a JWT when none is configured, instead of silently ignoring it', async () => {
    h = await startHarness()
    const res = await auth(bearer(sign({ sub: 'u-1' })))
    expect(res.statusCode).toBe(401)
    expect(res.json().message).toMatch(/does not accept visitor JWTs/)
  })

  it('verifies the visitor JWT once per POST /auth: the rate limiter and the route share the outcome', async () => {
    h = await startHarness({ VISITOR_JWT_SECRET: VISITOR_SECRET, VISITOR_JWT_AUDIENCE: 'flex' })
    const verify = vi.spyOn(jwt, 'verify')
    const verificationsOf = (token: string) => verify.mock.calls.filter(([verified]) => verified === token).length
    const valid = sign({ sub: 'customer-8841' })
    const ok = await auth(bearer(valid))
    expect(ok.statusCode).toBe(201)
    expect(ok.json().identity).toBe('customer-8841')
    expect(verificationsOf(valid)).toBe(1)
    // A refused JWT too: the limiter's failed check is the route's 401, not a second verification.
    const forged = sign({ sub: 'customer-8841' }, {}, 'another-secret-another-secret-another')
    const refused = await auth(bearer(forged))
    expect(refused.statusCode).toBe(401)
    expect(refused.json().message).toContain('invalid signature')
    expect(verificationsOf(forged)).toBe(1)
    // Per request, not per token: the same JWT on the next /auth is verified again (it may have expired).
    expect((await auth(bearer(valid))).statusCode).toBe(201)
    expect(verificationsOf(valid)).toBe(2)
  })
})
