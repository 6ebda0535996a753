import { listing, named } from './candidates.js'
import { type CheckResult, failed, passed } from './check-result.js'
import type { ChatService, DoctorContext } from './doctor-context.js'
import { isNotFound, read } from './twilio-read.js'

// Flex agents only see chats on Flex's own service, which Conversations must also use by default:
// https://www.twilio.com/docs/flex/developer/conversations/best-practices#only-use-flex-chat-service-and-ensure-that-its-the-default-service
const BEST_PRACTICE = 'https://www.twilio.com/docs/flex/developer/conversations/best-practices'

const nouns = (context: DoctorContext): [string, string] =>
  context.settings.chatApi === 'conversations'
    ? ['Conversations service', 'Conversations services']
    : ['Programmable Chat service', 'Programmable Chat services']

/** The account's chat services, Flex's and the default marked, for a `found:` line. */
async function candidates(context: DoctorContext, flexSid: string | undefined): Promise<string> {
  const services = await context.chatServices()
  if (!services.ok) return `could not list them: ${services.error}`
  let defaultSid: string | undefined
  if (context.settings.chatApi === 'conversations') {
    const configuration = await context.conversationsConfiguration()
    defaultSid = configuration.ok ? configuration.value.defaultChatServiceSid : undefined
  }
  const items = services.value.map((s) => ({ ...s, tags: [s.sid === flexSid && 'Flex', s.sid === defaultSid && 'default'] }))
  return listing('this account', nouns(context), items)
}

async function nameOf(context: DoctorContext, sid: string): Promise<string> {
  const services = await context.chatServices()
  return named(sid, services.ok ? services.value.find((s) => s.sid === sid)?.friendlyName : undefined)
}

/**
 * Check 3: TWILIO_CHAT_SERVICE_SID exists (a Conversations service, or a Programmable Chat v2 one) and is Flex's chat
 * service, `chat_service_instance_sid` of the Flex configuration.
 *
 * @example
 * await checkChatService(context) // ✘ TWILIO_CHAT_SERVICE_SID=IS… 'Old' is not Flex's chat service: Flex's is IS… 'Flex Chat Service'
 */
export async function checkChatService(context: DoctorContext): Promise<CheckResult> {
  const { client, settings } = context
  const sid = settings.chatServiceSid
  const variable = `TWILIO_CHAT_SERVICE_SID=${sid}`
  const service = await read<ChatService>(`read chat service ${sid}`, () =>
    settings.chatApi === 'conversations' ? client.conversations.v1.services(sid).fetch() : client.chat.v2.services(sid).fetch(),
  )
  const flex = await context.flexConfiguration()
  const flexSid = flex.ok ? flex.value.chatServiceInstanceSid || undefined : undefined
  const useFlex = flexSid
    ? `set TWILIO_CHAT_SERVICE_SID=${flexSid}, Flex's chat service (chat_service_instance_sid of the Flex configuration)`
    : undefined
  if (isNotFound(service)) {
    const detail = `${variable} is not a ${nouns(context)[0]} of account ${settings.accountSid}`
    return failed('chat-service', detail, { fix: useFlex, found: await candidates(context, flexSid) })
  }
  if (!service.ok) return failed('chat-service', service.error)
  if (!flex.ok) return failed('chat-service', flex.error, { fix: `check that account ${settings.accountSid} has Flex` })
  const configured = named(sid, service.value.friendlyName)
  if (flexSid !== sid) {
    const flexName = flexSid ? `Flex's is ${await nameOf(context, flexSid)}` : 'the Flex configuration names no chat service'
    return failed('chat-service', `TWILIO_CHAT_SERVICE_SID=${configured} is not Flex's chat service: ${flexName}`, {
      fix: useFlex && `${useFlex}: Flex agents only see chats on it (${BEST_PRACTICE})`,
      found: await candidates(context, flexSid),
    })
  }
  return passed('chat-service', `TWILIO_CHAT_SERVICE_SID=${configured} is Flex's chat service`)
}

/**
 * Check 3, on Conversations: the chat service is also the account's default Conversations service
 * (`default_chat_service_sid`), as Flex requires.
 *
 * @example
 * await checkDefaultConversationsService(context) // ✔ TWILIO_CHAT_SERVICE_SID=IS… is the account's default Conversations service
 */
export async function checkDefaultConversationsService(context: DoctorContext): Promise<CheckResult> {
  const sid = context.settings.chatServiceSid
  const configuration = await context.conversationsConfiguration()
  if (!configuration.ok) return failed('default-conversations-service', configuration.error)
  const defaultSid = configuration.value.defaultChatServiceSid || undefined
  if (defaultSid === sid)
    return passed('default-conversations-service', `TWILIO_CHAT_SERVICE_SID=${sid} is the account's default Conversations service`)

  const flex = await context.flexConfiguration()
  const flexSid = (flex.ok && flex.value.chatServiceInstanceSid) || undefined
  // The default should be Flex's service; when it already is, it is TWILIO_CHAT_SERVICE_SID that is wrong.
  const target = flexSid ?? sid
  const fix =
    defaultSid === target
      ? `set TWILIO_CHAT_SERVICE_SID=${target}, the default and Flex's chat service`
      : `make ${target} the default in Console > Conversations > Manage > Defaults, or \`twilio api:conversations:v1:configuration:update --default-chat-service-sid ${target}\` (${BEST_PRACTICE})`
  const current = defaultSid ? await nameOf(context, defaultSid) : 'not set'
  return failed(
    'default-conversations-service',
    `the account's default Conversations service is ${current}, not TWILIO_CHAT_SERVICE_SID=${sid}`,
    {
      fix,
      found: await candidates(context, flexSid),
    },
  )
}
