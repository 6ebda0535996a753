import type { Env } from './env-schema.js'
import { fail, formOf } from './variables.js'

/** Where chats go: a real Twilio Flex account, or the in-memory sandbox for development. */
export type FlexMode = 'twilio' | 'sandbox'

/** Twilio variables that only make sense with an account; TWILIO_CHAT_API and TWILIO_TIMEOUT_MS have defaults. */
const TWILIO_ACCOUNT_VARIABLES = [
  'TWILIO_API_KEY_SID',
  'TWILIO_API_KEY_SECRET',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_CHAT_SERVICE_SID',
  'TWILIO_FLEX_FLOW_SID',
  'TWILIO_WORKSPACE_SID',
  'TWILIO_WORKFLOW_SID',
  'TWILIO_QUEUE_SID',
] as const

/**
 * Decides the Flex mode once, at start-up. `auto` means the sandbox exactly when no Twilio account is
 * configured. The sandbox is refused next to Twilio credentials (an operator with an account must never
 * end up on the sandbox by accident) and in production (it keeps chats in memory and lets anyone sign in
 * as an agent).
 *
 * @example
 * resolveFlexMode(env) // 'sandbox' when TWILIO_ACCOUNT_SID is unset and FLEX_MODE is auto
 */
export function resolveFlexMode(env: Env): FlexMode {
  if (env.FLEX_MODE === 'twilio') return 'twilio'
  if (env.FLEX_MODE === 'sandbox') {
    if (env.TWILIO_ACCOUNT_SID) {
      fail('FLEX_MODE', 'FLEX_MODE=sandbox cannot be used while TWILIO_ACCOUNT_SID is set: unset TWILIO_* or FLEX_MODE')
    }
    refuseInProduction(env, 'FLEX_MODE', 'FLEX_MODE=sandbox is refused when NODE_ENV=production')
    return 'sandbox'
  }
  if (env.TWILIO_ACCOUNT_SID) return 'twilio'
  // Half a Twilio configuration is a mistake to point out, not a reason to fall back to the sandbox silently.
  const partial = TWILIO_ACCOUNT_VARIABLES.find((name) => env[name] !== undefined)
  if (partial) {
    fail(
      'TWILIO_ACCOUNT_SID',
      `TWILIO_ACCOUNT_SID is required: expected ${formOf('TWILIO_ACCOUNT_SID')} (${partial} is set; unset every TWILIO_* account variable to run the local sandbox)`,
    )
  }
  refuseInProduction(env, 'TWILIO_ACCOUNT_SID', 'TWILIO_ACCOUNT_SID is required when NODE_ENV=production')
  return 'sandbox'
}

function refuseInProduction(env: Env, variableName: string, prefix: string): void {
  if (env.NODE_ENV === 'production') {
    fail(variableName, `${prefix}: the sandbox is for development; set the TWILIO_* variables`)
  }
}
