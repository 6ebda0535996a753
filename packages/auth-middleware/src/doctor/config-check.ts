import { type AppConfig, ConfigError, loadConfig } from '../config/config.js'
import { type CheckResult, failed, passed } from './check-result.js'

type Env = Record<string, string | undefined>

/**
 * Check 1: the configuration loads exactly as the server loads it (src/config/config.ts), and it is a Twilio one.
 * `config` is returned only then; any other outcome is the one failed line doctor prints before it stops.
 *
 * @example
 * const { result, config } = checkConfiguration(process.env)
 * if (!config) return [result]
 */
export function checkConfiguration(env: Env): { result: CheckResult; config: AppConfig | undefined } {
  let config: AppConfig
  try {
    config = loadConfig(env)
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    const fix = `set ${err.variable} in .env or the environment (.env-sample describes every variable)`
    return { result: failed('configuration', `the configuration does not load: ${err.message}`, { fix }), config: undefined }
  }
  const settings = config.twilio
  if (!settings) return { result: notTwilio(env), config: undefined }
  const detail = `the configuration loads: TWILIO_CHAT_API=${settings.chatApi} on account TWILIO_ACCOUNT_SID=${settings.accountSid}`
  return { result: passed('configuration', detail), config }
}

/** The variables a Twilio configuration needs, in the order src/config/twilio-config.ts requires them. */
function requiredTwilioVariables(env: Env): string[] {
  const legacy = env.TWILIO_CHAT_API === 'programmable-chat'
  return [
    'TWILIO_ACCOUNT_SID',
    'TWILIO_API_KEY_SID',
    'TWILIO_API_KEY_SECRET',
    'TWILIO_CHAT_SERVICE_SID',
    ...(legacy ? ['TWILIO_FLEX_FLOW_SID'] : []),
    'TWILIO_WORKSPACE_SID',
    ...(legacy ? [] : ['TWILIO_WORKFLOW_SID']),
  ]
}

/** A valid configuration of the local sandbox (src/config/flex-mode.ts): say why, and what a Twilio one lacks. */
function notTwilio(env: Env): CheckResult {
  const isSet = (name: string) => env[name] !== undefined && env[name] !== ''
  const missing = requiredTwilioVariables(env).filter((name) => !isSet(name))
  const why = env.FLEX_MODE === 'sandbox' ? 'FLEX_MODE=sandbox' : `TWILIO_ACCOUNT_SID is not set (FLEX_MODE=${env.FLEX_MODE || 'auto'})`
  const unsetMode = env.FLEX_MODE === 'sandbox' ? ', and unset FLEX_MODE (or set FLEX_MODE=twilio)' : ''
  return failed('configuration', `this configuration runs the local sandbox, and doctor checks a Twilio configuration: ${why}`, {
    fix: `set ${missing.join(', ')} in .env or the environment${unsetMode} (.env-sample describes them)`,
  })
}
