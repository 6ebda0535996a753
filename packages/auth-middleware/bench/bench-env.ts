/**
 * The middleware's environment under load: fake but well-formed Twilio credentials, logs at `info` (the
 * production level, written to a null stream so formatting is paid for but nothing is printed), and the
 * abuse limits raised far beyond what the bench sends per client address.
 */
const fakeSid = (prefix: string) => prefix + '0'.repeat(32)

export const BENCH_API_KEY_SECRET = 'bench-api-key-secret-0123456789abcdef'

export function benchEnvironment(chatApi: 'conversations' | 'programmable-chat'): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: '0',
    ALLOWED_ORIGINS: 'https://shop.example.com',
    // The load comes through one loopback address; with a proxy in front, X-Forwarded-For names the
    // visitor. The bench rotates it over many addresses so per-address limits stay realistic.
    TRUST_PROXY: 'true',
    RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    RATE_LIMIT_AUTH_PER_IDENTITY_PER_MINUTE: '100000',
    SESSION_TOKEN_SECRET: 'bench-session-secret-0123456789abcdef',
    FLEX_MODE: 'twilio',
    TWILIO_CHAT_API: chatApi,
    TWILIO_ACCOUNT_SID: fakeSid('AC'),
    TWILIO_API_KEY_SID: fakeSid('SK'),
    TWILIO_API_KEY_SECRET: BENCH_API_KEY_SECRET,
    TWILIO_CHAT_SERVICE_SID: fakeSid('IS'),
    TWILIO_FLEX_FLOW_SID: fakeSid('FO'),
    TWILIO_WORKSPACE_SID: fakeSid('WS'),
    TWILIO_WORKFLOW_SID: fakeSid('WW'),
    TWILIO_QUEUE_SID: fakeSid('WQ'),
    // The pool's sockets per Twilio host (the default, written out: the report computes the pool's bound from it).
    TWILIO_MAX_SOCKETS: '100',
  }
}
