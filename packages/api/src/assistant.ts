/**
 * `POST /assistant/message`: the demo's assistant. The middleware answers from watsonx Assistant
 * (`ibm-watson` AssistantV2, sessions kept server-side) when `WATSON_*` is configured, otherwise from a small
 * scripted assistant. Replies use watsonx Assistant's own response items (`output.generic`), which both
 * web chat and `@carbon/ai-chat` render, including `connect_to_agent`.
 */
import { type Static, Type } from 'typebox'
import { AUTH_LIMITS, LOCALE_PATTERN } from './limits.js'

export const AssistantMessageBody = Type.Object(
  {
    /** The conversation so far with this assistant; omit on the first message. */
    sessionId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' })),
    text: Type.String({ maxLength: 2048 }),
    /**
     * The visitor's language (BCP 47, e.g. `es-ES`), as the page knows it: the scripted assistant answers in
     * it where it has a script (English otherwise); watsonx Assistant answers in its own language.
     */
    locale: Type.Optional(Type.String({ pattern: LOCALE_PATTERN, maxLength: AUTH_LIMITS.locale })),
  },
  { additionalProperties: false },
)
export type AssistantMessageBody = Static<typeof AssistantMessageBody>

const TextItem = Type.Object({ response_type: Type.Literal('text'), text: Type.String() })

const OptionItem = Type.Object({
  response_type: Type.Literal('option'),
  title: Type.String(),
  options: Type.Array(Type.Object({ label: Type.String(), value: Type.Object({ input: Type.Object({ text: Type.String() }) }) })),
})

/** The item that makes the host offer "connect to an agent"; the adapter's `startChat` receives it. */
export const ConnectToAgentItem = Type.Object({
  response_type: Type.Literal('connect_to_agent'),
  message_to_human_agent: Type.String(),
  topic: Type.Optional(Type.String()),
  agent_available: Type.Object({ message: Type.String() }),
  agent_unavailable: Type.Object({ message: Type.String() }),
  transfer_info: Type.Object({
    summary_message_to_agent: Type.Optional(Type.String()),
    additional_data: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
})
export type ConnectToAgentItem = Static<typeof ConnectToAgentItem>

export const AssistantItem = Type.Union([TextItem, OptionItem, ConnectToAgentItem])
export type AssistantItem = Static<typeof AssistantItem>

export const AssistantMessageReply = Type.Object({
  sessionId: Type.String(),
  output: Type.Object({ generic: Type.Array(AssistantItem) }),
})
export type AssistantMessageReply = Static<typeof AssistantMessageReply>
