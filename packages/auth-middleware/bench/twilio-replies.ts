import { randomBytes } from 'node:crypto'
import { type SpecName, SpecOperation } from '../test/twilio/openapi-spec.js'

/**
 * A lean, stateless Twilio for load: every operation `POST /auth` (and the reference design) calls,
 * answered at once with a spec-shaped body. Unlike the test fake (`test/twilio/twilio-fake.ts`) it keeps
 * nothing per request and validates nothing per request, so the server's CPU and memory figures are the
 * middleware's, not the fake's. It still cannot drift from Twilio: {@link checkRepliesAgainstSpecs} validates
 * every reply body at start-up, and the HTTPS fake (`twilio-https-server.ts`, its own process, so its cost is not
 * the middleware's) checks every request against the spec's parameters, through {@link leanTwilioRouter}.
 */

export const ACCOUNT_SID = `AC${'0'.repeat(32)}`
const sid = (prefix: string) => prefix + randomBytes(16).toString('hex')
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')

interface LeanOperation {
  spec: SpecName
  method: 'post'
  /** The path as Twilio's spec writes it, `{Param}` placeholders included. */
  path: string
  status: number
  reply: (params: Record<string, string>) => Record<string, unknown>
}

const conversations = '/v1/Services/{ChatServiceSid}/Conversations'

/** A conversation as Twilio returns it, for both ways of creating one. */
function conversationReply(chatServiceSid: string): Record<string, unknown> {
  const conversationSid = sid('CH')
  return {
    account_sid: ACCOUNT_SID,
    chat_service_sid: chatServiceSid,
    messaging_service_sid: null,
    sid: conversationSid,
    friendly_name: 'Web chat: Ada',
    unique_name: `flex-escalate-${conversationSid.slice(2)}`,
    attributes: '{}',
    state: 'active',
    date_created: now(),
    date_updated: now(),
    timers: {},
    links: {},
    bindings: null,
    url: `https://conversations.twilio.com/v1/Services/${chatServiceSid}/Conversations/${conversationSid}`,
  }
}

const OPERATIONS: LeanOperation[] = [
  {
    spec: 'twilio_conversations_v1',
    method: 'post',
    path: '/v1/Services/{ChatServiceSid}/ConversationWithParticipants',
    status: 201,
    reply: ({ ChatServiceSid = '' }) => conversationReply(ChatServiceSid),
  },
  // The straightforward design's steps (bench/servers/straightforward-server.mjs): the conversation, then its participant.
  {
    spec: 'twilio_conversations_v1',
    method: 'post',
    path: conversations,
    status: 201,
    reply: ({ ChatServiceSid = '' }) => conversationReply(ChatServiceSid),
  },
  {
    spec: 'twilio_conversations_v1',
    method: 'post',
    path: `${conversations}/{ConversationSid}/Participants`,
    status: 201,
    reply: ({ ChatServiceSid, ConversationSid }) => {
      const participantSid = sid('MB')
      return {
        account_sid: ACCOUNT_SID,
        chat_service_sid: ChatServiceSid,
        conversation_sid: ConversationSid,
        sid: participantSid,
        identity: 'visitor',
        attributes: '{}',
        messaging_binding: null,
        role_sid: null,
        date_created: now(),
        date_updated: now(),
        url: `https://conversations.twilio.com/v1/Services/${ChatServiceSid}/Conversations/${ConversationSid}/Participants/${participantSid}`,
        last_read_message_index: null,
        last_read_timestamp: null,
      }
    },
  },
  {
    spec: 'twilio_conversations_v1',
    method: 'post',
    path: `${conversations}/{ConversationSid}/Messages`,
    status: 201,
    reply: ({ ChatServiceSid, ConversationSid }) => {
      const messageSid = sid('IM')
      return {
        account_sid: ACCOUNT_SID,
        chat_service_sid: ChatServiceSid,
        conversation_sid: ConversationSid,
        sid: messageSid,
        index: 0,
        author: 'assistant',
        body: 'Topic: billing',
        media: null,
        attributes: '{}',
        participant_sid: null,
        date_created: now(),
        date_updated: now(),
        delivery: null,
        url: `https://conversations.twilio.com/v1/Services/${ChatServiceSid}/Conversations/${ConversationSid}/Messages/${messageSid}`,
        links: {},
        content_sid: null,
      }
    },
  },
  {
    spec: 'twilio_flex_v1',
    method: 'post',
    path: '/v1/Interactions',
    status: 201,
    reply: () => {
      const interactionSid = sid('KD')
      return {
        sid: interactionSid,
        channel: { type: 'chat', sid: sid('UO') },
        routing: { reservation: null, properties: { sid: sid('WT'), assignment_status: 'pending', task_queue_sid: sid('WQ') } },
        url: `https://flex-api.twilio.com/v1/Interactions/${interactionSid}`,
        links: {},
        interaction_context_sid: null,
        webhook_ttid: null,
      }
    },
  },
  {
    spec: 'twilio_flex_v1',
    method: 'post',
    path: '/v1/Channels',
    status: 201,
    reply: () => {
      const channelSid = sid('CH')
      return {
        account_sid: ACCOUNT_SID,
        flex_flow_sid: `FO${'0'.repeat(32)}`,
        sid: channelSid,
        user_sid: sid('US'),
        task_sid: sid('WT'),
        url: `https://flex-api.twilio.com/v1/Channels/${channelSid}`,
        date_created: now(),
        date_updated: now(),
      }
    },
  },
]

/** Sample path parameters, shaped as the SDK sends them, for the start-up check. */
const SAMPLE_PARAMS: Record<string, string> = { ChatServiceSid: `IS${'0'.repeat(32)}`, ConversationSid: `CH${'0'.repeat(32)}` }

/**
 * Validates one reply of every lean operation against its response schema in Twilio's OpenAPI spec.
 * Returns the disagreements (empty when the replies are spec-shaped); throws if an operation does not exist.
 */
export function checkRepliesAgainstSpecs(): string[] {
  return OPERATIONS.flatMap((op) => new SpecOperation(op.spec, op.method, op.path).checkResponse(op.status, op.reply(SAMPLE_PARAMS)))
}

/** One request the lean Twilio knows, matched by {@link LeanTwilioRouter.match}. */
export interface LeanMatch {
  /** The operation id, e.g. `POST flex-api.twilio.com/v1/Channels`. */
  id: string
  status: number
  /** The spec's disagreements with a form body (parameters Twilio does not define, required ones missing, enum/pattern). */
  checkForm(form: URLSearchParams): string[]
  /** The spec's disagreements with a query string. */
  checkQuery(query: URLSearchParams): string[]
  /** A fresh, spec-shaped reply body. */
  reply(): Record<string, unknown>
}

export interface LeanTwilioRouter {
  /** Every operation id, for counters bounded by the number of operations. */
  operations: string[]
  /** The operation of a request, or undefined when Twilio's spec (as the lean Twilio knows it) has none. */
  match(method: string, host: string, pathname: string): LeanMatch | undefined
}

/**
 * The lean Twilio without msw, for a server of its own (`twilio-https-server.ts`): routes compiled once at
 * start (one regular expression per operation, one `SpecOperation` per operation), so checking every request
 * against the spec costs a lookup and a walk over its few form parameters, and nothing is kept per request.
 *
 * @example
 * const router = leanTwilioRouter()
 * const match = router.match('POST', 'flex-api.twilio.com', '/v1/Channels')
 * const problems = match ? match.checkForm(new URLSearchParams(body)) : ['unknown operation']
 */
export function leanTwilioRouter(): LeanTwilioRouter {
  const routes = OPERATIONS.map((op) => {
    const spec = new SpecOperation(op.spec, op.method, op.path)
    const names: string[] = []
    // Twilio's paths hold only letters, digits, `/` and `{Param}`: nothing else to escape.
    const source = op.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
      names.push(name)
      return '([^/]+)'
    })
    return { op, spec, method: op.method.toUpperCase(), pattern: new RegExp(`^${source}$`), names }
  })
  return {
    operations: routes.map((route) => route.spec.id),
    match(method, host, pathname) {
      for (const route of routes) {
        if (route.method !== method || route.spec.host !== host) continue
        const found = route.pattern.exec(pathname)
        if (!found) continue
        const params: Record<string, string> = {}
        route.names.forEach((name, i) => {
          // SIDs are plain letters and digits: the SDK sends them as they are, no decoding needed.
          params[name] = found[i + 1] ?? ''
        })
        return {
          id: route.spec.id,
          status: route.op.status,
          checkForm: (form) => route.spec.checkForm(form),
          checkQuery: (query) => route.spec.checkQuery(query),
          reply: () => route.op.reply(params),
        }
      }
      return undefined
    },
  }
}
