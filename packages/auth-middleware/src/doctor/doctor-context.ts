import twilio, { type Twilio } from 'twilio'
import type { ConfigurationInstance as ConversationsConfiguration } from 'twilio/lib/rest/conversations/v1/configuration.js'
import type { ConfigurationInstance as FlexConfiguration } from 'twilio/lib/rest/flexApi/v1/configuration.js'
import type { WorkspaceInstance } from 'twilio/lib/rest/taskrouter/v1/workspace.js'
import type { TwilioConfig } from '../config/config.js'
import { LIST_LIMIT } from './candidates.js'
import { type Read, read } from './twilio-read.js'

export type { WorkspaceInstance }

/** A chat service as both APIs show it (Conversations and Programmable Chat services are the same `IS…`). */
export interface ChatService {
  sid: string
  friendlyName: string
}

/** What the Twilio checks share: the client, the settings, and reads more than one check needs (each made once). */
export interface DoctorContext {
  client: Twilio
  settings: TwilioConfig
  /** Flex's own view (`GET flex-api.twilio.com/v1/Configuration`): `chat_service_instance_sid`, `taskrouter_workspace_sid`. */
  flexConfiguration(): Promise<Read<FlexConfiguration>>
  /** The account's Conversations defaults (`GET conversations.twilio.com/v1/Configuration`: `default_chat_service_sid`). */
  conversationsConfiguration(): Promise<Read<ConversationsConfiguration>>
  /** The chat services of the configured API (Conversations, or Programmable Chat v2). */
  chatServices(): Promise<Read<ChatService[]>>
  workspaces(): Promise<Read<WorkspaceInstance[]>>
  /** The configured workspace, once the workspace check has read it; undefined when it could not. */
  workspace: WorkspaceInstance | undefined
}

/**
 * The context of one doctor run, on the real `twilio` SDK with the API key, authenticated exactly as the server is.
 *
 * @example
 * const context = createDoctorContext(config.twilio)
 * const flex = await context.flexConfiguration()
 */
export function createDoctorContext(settings: TwilioConfig): DoctorContext {
  const client = twilio(settings.apiKeySid, settings.apiKeySecret, { accountSid: settings.accountSid, timeout: settings.requestTimeoutMs })
  const listServices = (): Promise<ChatService[]> =>
    settings.chatApi === 'conversations'
      ? client.conversations.v1.services.list({ limit: LIST_LIMIT })
      : client.chat.v2.services.list({ limit: LIST_LIMIT })
  return {
    client,
    settings,
    flexConfiguration: once(() => read('read the Flex configuration', () => client.flexApi.v1.configuration().fetch())),
    conversationsConfiguration: once(() =>
      read('read the Conversations configuration', () => client.conversations.v1.configuration().fetch()),
    ),
    chatServices: once(() => read('list the chat services', listServices)),
    workspaces: once(() => read('list the TaskRouter workspaces', () => client.taskrouter.v1.workspaces.list({ limit: LIST_LIMIT }))),
    workspace: undefined,
  }
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined
  return () => {
    loaded ??= load()
    return loaded
  }
}
