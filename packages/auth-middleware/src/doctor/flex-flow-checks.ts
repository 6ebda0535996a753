import type { FlexFlowInstance } from 'twilio/lib/rest/flexApi/v1/flexFlow.js'
import { LIST_LIMIT, listing, named } from './candidates.js'
import { type CheckResult, failed, passed } from './check-result.js'
import type { DoctorContext } from './doctor-context.js'
import { isNotFound, read } from './twilio-read.js'

// The Flex Flow ties the legacy chats to Flex: https://www.twilio.com/docs/flex/developer/messaging/manage-flows
const MANAGE_FLOWS = 'https://www.twilio.com/docs/flex/developer/messaging/manage-flows'

/** The account's Flex Flows, each with whether it is enabled and its chat service, for a `found:` line. */
async function candidates(context: DoctorContext): Promise<string> {
  const flows = await read('list the Flex Flows', () => context.client.flexApi.v1.flexFlow.list({ limit: LIST_LIMIT }))
  if (!flows.ok) return `could not list them: ${flows.error}`
  const items = flows.value.map((f: FlexFlowInstance) => ({
    sid: f.sid,
    friendlyName: f.friendlyName,
    tags: [f.enabled ? 'enabled' : 'disabled', `${f.channelType}`, `on ${f.chatServiceSid}`],
  }))
  return listing('this account', ['Flex Flow', 'Flex Flows'], items)
}

/**
 * Check 8 (Programmable Chat): TWILIO_FLEX_FLOW_SID exists, is enabled, and posts to TWILIO_CHAT_SERVICE_SID (its
 * `chat_service_sid`): Flex creates the chat channels of `POST /v1/Channels` on the flow's service.
 *
 * @example
 * await checkFlexFlow(context, 'FO…') // ✘ Flex Flow TWILIO_FLEX_FLOW_SID=FO… 'Web' is disabled
 */
export async function checkFlexFlow(context: DoctorContext, flexFlowSid: string): Promise<CheckResult> {
  const { settings } = context
  const flow = await read(`read Flex Flow ${flexFlowSid}`, () => context.client.flexApi.v1.flexFlow(flexFlowSid).fetch())
  if (isNotFound(flow)) {
    return failed('flex-flow', `TWILIO_FLEX_FLOW_SID=${flexFlowSid} is not a Flex Flow of account ${settings.accountSid}`, {
      fix: `set TWILIO_FLEX_FLOW_SID to an enabled web Flex Flow on ${settings.chatServiceSid} (${MANAGE_FLOWS})`,
      found: await candidates(context),
    })
  }
  if (!flow.ok) return failed('flex-flow', flow.error)
  const { enabled, chatServiceSid, friendlyName } = flow.value
  const which = `Flex Flow TWILIO_FLEX_FLOW_SID=${named(flexFlowSid, friendlyName)}`
  const problems: string[] = []
  const fixes: string[] = []
  if (!enabled) {
    problems.push('is disabled')
    fixes.push(`\`twilio api:flex:v1:flex-flows:update --sid ${flexFlowSid} --enabled\``)
  }
  if (chatServiceSid !== settings.chatServiceSid) {
    problems.push(`posts to chat service ${chatServiceSid}, not TWILIO_CHAT_SERVICE_SID=${settings.chatServiceSid}`)
    fixes.push(
      `\`twilio api:flex:v1:flex-flows:update --sid ${flexFlowSid} --chat-service-sid ${settings.chatServiceSid}\`, or set TWILIO_CHAT_SERVICE_SID=${chatServiceSid} if that is Flex's`,
    )
  }
  if (problems.length === 0) return passed('flex-flow', `${which} is enabled, on TWILIO_CHAT_SERVICE_SID`)
  return failed('flex-flow', `${which} ${problems.join(' and ')}`, { fix: fixes.join('; '), found: await candidates(context) })
}
