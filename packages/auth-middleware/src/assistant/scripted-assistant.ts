import { randomUUID } from 'node:crypto'
import type { AssistantItem, AssistantMessageReply, ConnectToAgentItem } from '@flex-escalate/api'
import { LRUCache } from 'lru-cache'
import type { Assistant } from './assistant.js'

interface Rule {
  /** Lower-case words or phrases, matched as whole words. */
  words: string[]
  answer: string
  /** Escalate to an agent of this topic (`null`: any agent). */
  escalate?: string | null
}

// A deliberately small script: enough to show answers, buttons and both kinds of escalation.
const RULES: Rule[] = [
  {
    words: ['agent', 'human', 'person', 'someone', 'representative', 'operator'],
    answer: 'Of course. I will connect you with one of our agents.',
    escalate: null,
  },
  {
    words: ['bill', 'billing', 'invoice', 'charge', 'charged', 'refund', 'payment', 'pay'],
    answer: 'Billing questions are best handled by our billing team. I will connect you with them.',
    escalate: 'Billing',
  },
  {
    words: ['error', 'broken', 'crash', 'bug', 'technical', 'login', 'password', 'not working'],
    answer: 'That sounds like a technical problem. I will connect you with technical support.',
    escalate: 'Technical support',
  },
  { words: ['hours', 'open', 'opening'], answer: 'Our support team is available Monday to Friday, 8:00 to 18:00.' },
  { words: ['shipping', 'delivery', 'deliver'], answer: 'Orders ship within 2 working days; delivery takes 3 to 5 days.' },
  { words: ['return', 'returns', 'exchange'], answer: 'You can return any item within 30 days from your account page.' },
]

const WELCOME: AssistantItem[] = [
  { response_type: 'text', text: 'Hi! I am the virtual assistant of this shop. How can I help you?' },
  {
    response_type: 'option',
    title: 'You can ask me about:',
    options: ['Opening hours', 'Shipping', 'A billing question', 'A technical problem', 'Talk to a person'].map((label) => ({
      label,
      value: { input: { text: label } },
    })),
  },
]

const FALLBACK = "I'm not sure I understood. You can ask about opening hours, shipping or returns, or ask for a person."

function matches(text: string, word: string): boolean {
  return new RegExp(`(^|[^a-z])${word.replace(/ /g, '\\s+')}([^a-z]|$)`).test(text)
}

/**
 * The built-in assistant of the demo: a few answers, and a `connect_to_agent` item (topic, the message for
 * the agent and a summary of the conversation so far) when the visitor asks for a person or for billing or
 * technical help. Conversations are kept in memory, bounded in count and age.
 *
 * @example
 * const assistant = createScriptedAssistant()
 * const { sessionId, output } = await assistant.reply(undefined, 'I was charged twice')
 */
export function createScriptedAssistant(options: { maxSessions?: number; ttlMs?: number } = {}): Assistant {
  const transcripts = new LRUCache<string, string[]>({ max: options.maxSessions ?? 10_000, ttl: options.ttlMs ?? 30 * 60_000 })

  function connect(topic: string | null, text: string, transcript: string[]): ConnectToAgentItem {
    return {
      response_type: 'connect_to_agent',
      message_to_human_agent: `The visitor wrote: "${text}"`,
      ...(topic ? { topic } : {}),
      agent_available: { message: 'An agent will be with you shortly.' },
      agent_unavailable: { message: 'Sorry, no agent is available right now. Please try again during opening hours.' },
      transfer_info: { summary_message_to_agent: transcript.join('\n') },
    }
  }

  return {
    async reply(sessionId, rawText): Promise<AssistantMessageReply> {
      const id = sessionId && transcripts.has(sessionId) ? sessionId : randomUUID().replace(/-/g, '')
      const transcript = transcripts.get(id) ?? []
      transcripts.set(id, transcript)
      const text = rawText.trim()
      if (!text) return { sessionId: id, output: { generic: WELCOME } }

      transcript.push(`Visitor: ${text}`)
      const lower = text.toLowerCase()
      const rule = RULES.find((r) => r.words.some((word) => matches(lower, word)))
      const answer = rule?.answer ?? FALLBACK
      transcript.push(`Assistant: ${answer}`)
      const generic: AssistantItem[] = [{ response_type: 'text', text: answer }]
      if (rule && rule.escalate !== undefined) generic.push(connect(rule.escalate, text, transcript))
      // Keep memory bounded for chatty visitors: the agent needs the recent turns, not all of them.
      if (transcript.length > 40) transcript.splice(0, transcript.length - 40)
      return { sessionId: id, output: { generic } }
    },
  }
}
