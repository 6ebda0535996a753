import { randomUUID } from 'node:crypto'
import type { AssistantItem } from '@flex-escalate/api'
import AssistantV2 from 'ibm-watson/assistant/v2.js'
import { IamAuthenticator } from 'ibm-watson/auth/index.js'
import { LRUCache } from 'lru-cache'
import type { WatsonConfig } from '../config/config.js'
import { UpstreamError } from '../errors/http-errors.js'
import type { Assistant } from './assistant.js'

// watsonx drops a session after 5 minutes of inactivity on the Lite/Plus plans; forget ours a bit before.
const SESSION_TTL_MS = 4 * 60_000

/**
 * Proxies the visitor's messages to watsonx Assistant (AssistantV2, stateful sessions kept server-side so
 * the browser never holds IBM credentials). Only the response types the demo renders are passed on;
 * `ibm-watson`'s types leave them loose, so they are checked here.
 *
 * @example
 * const assistant = createWatsonAssistant(config.assistant.watson)
 * const reply = await assistant.reply(undefined, 'hello')
 */
export function createWatsonAssistant(config: WatsonConfig): Assistant {
  const service = new AssistantV2({
    version: config.version,
    authenticator: new IamAuthenticator({ apikey: config.apiKey }),
    serviceUrl: config.serviceUrl,
  })
  const ids = { assistantId: config.assistantId, environmentId: config.environmentId }
  const sessions = new LRUCache<string, string>({ max: 10_000, ttl: SESSION_TTL_MS })

  async function watsonSession(sessionId: string, fresh: boolean): Promise<string> {
    const known = fresh ? undefined : sessions.get(sessionId)
    if (known) return known
    const created = await service.createSession(ids)
    sessions.set(sessionId, created.result.session_id)
    return created.result.session_id
  }

  async function send(sessionId: string, text: string, fresh: boolean) {
    const watsonSessionId = await watsonSession(sessionId, fresh)
    return service.message({ ...ids, sessionId: watsonSessionId, input: { message_type: 'text', text } })
  }

  return {
    async reply(sessionId, text) {
      const id = sessionId ?? randomUUID().replace(/-/g, '')
      try {
        let response: Awaited<ReturnType<typeof send>>
        try {
          response = await send(id, text, false)
        } catch (err) {
          // An expired watsonx session answers 404: start a new one once.
          if ((err as { status?: number }).status !== 404) throw err
          response = await send(id, text, true)
        }
        return { sessionId: id, output: { generic: toItems(response.result.output.generic ?? []) } }
      } catch (err) {
        const status = (err as { status?: number }).status
        throw new UpstreamError('reach watsonx Assistant', status ? `it answered ${status}` : 'it could not be reached')
      }
    },
  }
}

function toItems(generic: unknown[]): AssistantItem[] {
  const items: AssistantItem[] = []
  for (const raw of generic) {
    const item = raw as Record<string, unknown>
    if (item.response_type === 'text' && typeof item.text === 'string') {
      items.push({ response_type: 'text', text: item.text })
    } else if (item.response_type === 'option' && Array.isArray(item.options)) {
      items.push(raw as AssistantItem)
    } else if (item.response_type === 'connect_to_agent') {
      const transfer = (item.transfer_info ?? {}) as Record<string, unknown>
      items.push({
        response_type: 'connect_to_agent',
        message_to_human_agent: String(item.message_to_human_agent ?? ''),
        ...(typeof item.topic === 'string' ? { topic: item.topic } : {}),
        agent_available: { message: String((item.agent_available as { message?: string })?.message ?? '') },
        agent_unavailable: { message: String((item.agent_unavailable as { message?: string })?.message ?? '') },
        transfer_info: {
          ...(typeof transfer.summary_message_to_agent === 'string' ? { summary_message_to_agent: transfer.summary_message_to_agent } : {}),
          ...(isStringMap(transfer.additional_data) ? { additional_data: transfer.additional_data } : {}),
        },
      })
    }
  }
  return items
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string')
}
