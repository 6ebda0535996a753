import { named } from './candidates.js'
import { type CheckResult, failed, passed } from './check-result.js'
import type { DoctorContext } from './doctor-context.js'
import { type ReadFailure, read } from './twilio-read.js'

/** Check 2's outcome: when the key does not work, why every later Twilio check is skipped. */
export interface ApiKeyOutcome {
  result: CheckResult
  skipReason: string | undefined
}

const NEW_KEY =
  'create an API key (Standard) in Console > Admin > Account management > API keys & tokens, or `twilio api:core:keys:create --friendly-name flex-escalate`, and set its SID and secret'

/**
 * Check 2: the API key authenticates for TWILIO_ACCOUNT_SID. It reads the account (`GET /2010-04-01/Accounts/{Sid}.json`),
 * which only a Main key may do: Twilio refuses Standard keys the account resource
 * (https://www.twilio.com/docs/iam/api-keys/key-resource-v1#types-of-keys). So a refusal there is settled by
 * a read every key may make, the Flex configuration, whose `account_sid` also tells whose key it is.
 *
 * @example
 * const { result, skipReason } = await checkApiKey(context) // skipReason: 'the API key does not authenticate'
 */
export async function checkApiKey(context: DoctorContext): Promise<ApiKeyOutcome> {
  const { client, settings } = context
  const key = `API key TWILIO_API_KEY_SID=${settings.apiKeySid}`
  const account = await read(`read account ${settings.accountSid}`, () => client.api.v2010.accounts(settings.accountSid).fetch())
  if (account.ok) {
    const { status, friendlyName } = account.value
    if (status !== 'active') {
      return outcome(
        failed('api-key', `account ${named(settings.accountSid, friendlyName)} is ${status}: Twilio refuses its calls`),
        'the account is not active',
      )
    }
    return outcome(passed('api-key', `${key} authenticates for account ${named(settings.accountSid, friendlyName)}`))
  }
  if (account.status !== 401 && account.status !== 403 && account.status !== 404) return unanswered(account)

  const flex = await context.flexConfiguration()
  if (flex.ok) {
    const owner = flex.value.accountSid
    if (owner && owner !== settings.accountSid) {
      const detail = `${key} belongs to account ${owner}, not TWILIO_ACCOUNT_SID=${settings.accountSid}`
      const fix = `set TWILIO_ACCOUNT_SID=${owner}, or, in account ${settings.accountSid}, ${NEW_KEY}`
      return outcome(failed('api-key', detail, { fix }), 'the API key is of another account')
    }
    return outcome(
      passed(
        'api-key',
        `${key} authenticates for account ${settings.accountSid} (not a Main key, so not allowed to read the account itself: the middleware needs no more)`,
      ),
    )
  }
  // Authenticated, on an account without Flex: the chat service check says so.
  if (flex.status === 404) return outcome(passed('api-key', `${key} authenticates for account ${settings.accountSid}`))
  if (flex.status === 401) {
    const answer = flex.code ? ` (error ${flex.code}: ${flex.message})` : ''
    const detail = `${key} does not authenticate for account ${settings.accountSid}: Twilio answered 401${answer}`
    return outcome(
      failed('api-key', detail, {
        fix: `check TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET (a key of this account, with the secret shown when it was created), or ${NEW_KEY}`,
      }),
      'the API key does not authenticate',
    )
  }
  if (flex.status === 403) {
    const detail = `${key} authenticates, but may not read the Flex configuration (a Restricted key without Flex permissions?)`
    return outcome(failed('api-key', detail, { fix: NEW_KEY }), 'the API key may not read Flex')
  }
  return unanswered(flex)
}

function outcome(result: CheckResult, skipReason?: string): ApiKeyOutcome {
  return { result, skipReason }
}

/** No verdict on the key: Twilio could not be reached, or failed. */
function unanswered(failure: ReadFailure): ApiKeyOutcome {
  return outcome(failed('api-key', failure.error), failure.status === undefined ? 'Twilio could not be reached' : 'Twilio did not answer')
}
