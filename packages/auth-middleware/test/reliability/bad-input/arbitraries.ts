import fc from 'fast-check'
import jwt from 'jsonwebtoken'

/** Strings that break naive code: control characters, lone surrogates, bidi overrides, combining marks, huge code points. */
export const oddString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '\u0000',
      '\uD800',
      '\uDFFF',
      '\u202E',
      '\uFEFF',
      '\u0301',
      '\u2028',
      '%',
      '"',
      '\\',
      '{',
      '<',
      '\u{1F3F3}',
      '\u200D',
    ),
    maxLength: 30,
  }),
  fc.constantFrom('', ' ', '\t\n', 'null', 'undefined', '__proto__', 'constructor', '../../etc/passwd', '%00', '%E0%A4%A', 'ﬀ'.repeat(50)),
)

/** Any JSON value except a string. */
export const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue(), { maxKeys: 3 }),
)

/** The fields of `POST /auth` and values of the wrong type for each. */
export const wrongTypedAuthField = fc.oneof(
  fc.record({ field: fc.constantFrom('visitorName', 'topic', 'messageToHumanAgent', 'sessionHistoryKey', 'locale'), value: notAString }),
  fc.record({
    field: fc.constant('summary'),
    value: fc.oneof(fc.integer(), oddString, fc.boolean(), fc.constant(null), fc.array(notAString, { minLength: 1, maxLength: 3 })),
  }),
  fc.record({
    field: fc.constantFrom('additionalData', 'preChat'),
    value: fc.oneof(
      fc.integer(),
      oddString,
      fc.constant(null),
      fc.array(fc.jsonValue(), { maxLength: 2 }),
      fc.dictionary(fc.constantFrom('orderId', 'cart'), notAString, { minKeys: 1, maxKeys: 2 }),
    ),
  }),
)

/** Fields no route takes: names that are not in the schema. */
export const unknownKey = oddString.filter(
  (key) =>
    ![
      'visitorName',
      'topic',
      'messageToHumanAgent',
      'summary',
      'sessionHistoryKey',
      'additionalData',
      'locale',
      'preChat',
      '__proto__',
    ].includes(key),
)

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const now = () => Math.floor(Date.now() / 1000)

/**
 * Tokens that must never pass: unsigned (`alg: none`), signed with a wrong key, expired, not yet valid,
 * for another audience, truncated, with swapped segments, or plain noise.
 */
export function forgedToken(validToken: string) {
  const [header, payload, signature] = validToken.split('.') as [string, string, string]
  return fc.oneof(
    fc.constant(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`),
    fc.constant(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}`),
    fc.constantFrom('HS256', 'HS512').map((algorithm) =>
      jwt.sign({ sub: 'u-1', aud: 'flex' }, 'a-wrong-key-a-wrong-key-a-wrong-key!', {
        algorithm: algorithm as jwt.Algorithm,
        expiresIn: 60,
      }),
    ),
    fc.constant(jwt.sign({ sub: 'u-1', exp: now() - 60 }, 'x'.repeat(40))),
    fc.integer({ min: 1, max: validToken.length - 1 }).map((cut) => validToken.slice(0, cut)),
    fc.constant(
      `${header}.${b64({ sub: 'someone-else', chat: { chatSid: `CH${'f'.repeat(32)}`, transport: 'conversations' } })}.${signature}`,
    ),
    fc.constant(`${payload}.${header}.${signature}`),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,40}\.[A-Za-z0-9_-]{0,80}\.[A-Za-z0-9_-]{0,43}$/),
    oddString,
  )
}

/** `Authorization` headers of every odd shape, around the tokens of {@link forgedToken}. */
export function authorizationHeader(validToken: string) {
  return fc.oneof(
    forgedToken(validToken).map((token) => `Bearer ${token}`),
    forgedToken(validToken).map((token) => `bearer ${token}`),
    forgedToken(validToken).map((token) => `Basic ${token}`),
    // biome-ignore lint/suspicious/noControlCharactersInRegex: it removes the characters an HTTP header cannot carry.
    oddString.map((text) => text.replace(/[\r\n\u0000-\u001f\u007f-\uffff]/g, '')),
    fc.constantFrom('Bearer', 'Bearer ', `Bearer  ${validToken}`, `Bearer ${validToken} extra`, `Bearer ${'A'.repeat(9000)}`),
  )
}
