import twilio from 'twilio'

const { AccessToken } = twilio.jwt

/**
 * Calls `mint` for `ms` milliseconds; returns calls per second.
 *
 * @param {(identity: string) => unknown} mint
 * @param {number} ms
 * @returns {number}
 */
function rate(mint, ms) {
  const start = performance.now()
  let count = 0
  while (performance.now() - start < ms) {
    for (let i = 0; i < 50; i++) mint(`anon_${count + i}`)
    count += 50
  }
  return (count * 1000) / (performance.now() - start)
}

/**
 * Access tokens minted per second on one core: the middleware's own minter (API secret as a `KeyObject`,
 * made once) against the predecessor's way (the secret as a string, parsed by jsonwebtoken on every call).
 * The two alternate in short rounds so that machine noise hits both alike; returns the median round.
 *
 * @example
 * const { keyObjectPerSecond, stringSecretPerSecond } = await measureTokenMinting({ env, secret })
 *
 * @param {{ env: Record<string, string>, secret: string, rounds?: number, roundMs?: number }} options `env`: the
 *   middleware's environment (`benchEnvironment()`), `secret`: its API key secret
 * @returns {Promise<{ keyObjectPerSecond: number, stringSecretPerSecond: number, problems: string[] }>}
 */
export async function measureTokenMinting({ env, secret, rounds = 5, roundMs = 300 }) {
  // The published entry, loaded when measured: the bench's other sections never load the middleware here.
  const { createAccessTokenMinter } = await import('@flex-escalate/auth-middleware')
  /** @param {string} name */
  const variable = (name) => {
    const value = env[name]
    if (value === undefined) throw new Error(`Failed to measure token minting: the bench environment has no ${name}.`)
    return value
  }
  const settings = {
    accountSid: variable('TWILIO_ACCOUNT_SID'),
    apiKeySid: variable('TWILIO_API_KEY_SID'),
    apiKeySecret: secret,
    chatServiceSid: variable('TWILIO_CHAT_SERVICE_SID'),
  }
  const ours = createAccessTokenMinter(settings, 3600)
  /** @param {string} identity */
  const predecessor = (identity) => {
    const token = new AccessToken(settings.accountSid, settings.apiKeySid, secret, { identity, ttl: 3600 })
    token.addGrant(new AccessToken.ChatGrant({ serviceSid: settings.chatServiceSid }))
    return token.toJwt()
  }
  // Same claims either way: only the key's form differs (a wrong minter would make the figure meaningless).
  /**
   * @param {string} jwt
   * @returns {unknown}
   */
  const decode = (jwt) => {
    const payload = jwt.split('.')[1]
    if (payload === undefined) {
      throw new Error(`Failed to measure token minting: a minter made ${jwt}, which is no JWT.`)
    }
    /** @type {{ grants?: unknown }} */
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    return claims.grants
  }
  /** @type {string[]} */
  const problems = []
  if (JSON.stringify(decode(ours('anon_check').token)) !== JSON.stringify(decode(predecessor('anon_check')))) {
    problems.push('token minting: the middleware minter and the string-secret minter produce different grants')
  }
  rate((id) => ours(id), 100)
  rate(predecessor, 100)
  /** @type {number[]} */
  const keyObject = []
  /** @type {number[]} */
  const stringSecret = []
  for (let i = 0; i < rounds; i++) {
    keyObject.push(rate((id) => ours(id), roundMs))
    stringSecret.push(rate(predecessor, roundMs))
  }
  /** @param {number[]} values */
  const mid = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN
  return { keyObjectPerSecond: mid(keyObject), stringSecretPerSecond: mid(stringSecret), problems }
}
