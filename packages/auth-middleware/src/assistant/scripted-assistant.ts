import { randomUUID } from 'node:crypto'
import type { AssistantItem, AssistantMessageReply, ConnectToAgentItem } from '@flex-escalate/api'
import { LRUCache } from 'lru-cache'
import type { Assistant } from './assistant.js'
import { intentMatcher } from './intent-matcher.js'
import { en } from './scripts/en.js'
import { ESCALATIONS, GREETING_OPTIONS, type Script } from './scripts/script.js'
import { SCRIPTS, scriptFor } from './scripts/script-for.js'

// A deliberately small script (scripts/*.ts, one per language): enough to show answers, buttons and both
// kinds of escalation, in the visitor's language.

function greeting(script: Script): AssistantItem[] {
  return [
    { response_type: 'text', text: script.greeting },
    {
      response_type: 'option',
      title: script.optionsTitle,
      options: GREETING_OPTIONS.map((intent) => script.options[intent]).map((label) => ({ label, value: { input: { text: label } } })),
    },
  ]
}

/**
 * The built-in assistant of the demo: a few answers, and a `connect_to_agent` item (topic, the message for
 * the agent and a summary of the conversation so far) when the visitor asks for a person or for billing or
 * technical help. It speaks English, Spanish, French, German and Brazilian Portuguese, chosen by each
 * message's `locale` (English without one, or in another language), and understands the visitor in that
 * language and in English. What the agent reads (the message for the agent, the transcript's labels) stays
 * English, the agent console's language. Conversations are kept in memory, bounded in count and age.
 *
 * @example
 * const assistant = createScriptedAssistant()
 * const { sessionId, output } = await assistant.reply(undefined, 'Me cobraron dos veces', 'es-ES')
 */
export function createScriptedAssistant(options: { maxSessions?: number; ttlMs?: number } = {}): Assistant {
  const transcripts = new LRUCache<string, string[]>({ max: options.maxSessions ?? 10_000, ttl: options.ttlMs ?? 30 * 60_000 })
  // Built once per language: the visitor's words first, then English ones.
  const matchers = new Map(SCRIPTS.map((script) => [script, intentMatcher(script === en ? [en] : [script, en])]))

  function connect(script: Script, topic: string | null, text: string, transcript: string[]): ConnectToAgentItem {
    return {
      response_type: 'connect_to_agent',
      message_to_human_agent: `The visitor wrote: "${text}"`,
      ...(topic ? { topic } : {}),
      agent_available: { message: script.agentAvailable },
      agent_unavailable: { message: script.agentUnavailable },
      transfer_info: { summary_message_to_agent: transcript.join('\n') },
    }
  }

  return {
    async reply(sessionId, rawText, locale): Promise<AssistantMessageReply> {
      const id = sessionId && transcripts.has(sessionId) ? sessionId : randomUUID().replace(/-/g, '')
      const transcript = transcripts.get(id) ?? []
      transcripts.set(id, transcript)
      const script = scriptFor(locale)
      const text = rawText.trim()
      if (!text) return { sessionId: id, output: { generic: greeting(script) } }

      transcript.push(`Visitor: ${text}`)
      const intent = matchers.get(script)?.(text)
      const answer = intent ? script.answers[intent] : script.fallback
      transcript.push(`Assistant: ${answer}`)
      const generic: AssistantItem[] = [{ response_type: 'text', text: answer }]
      const topic = intent ? ESCALATIONS[intent] : undefined
      if (topic !== undefined) generic.push(connect(script, topic, text, transcript))
      // Keep memory bounded for chatty visitors: the agent needs the recent turns, not all of them.
      if (transcript.length > 40) transcript.splice(0, transcript.length - 40)
      return { sessionId: id, output: { generic } }
    },
  }
}
