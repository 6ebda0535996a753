import type { Script } from './script.js'

/** English, the fallback for every language without a script. */
export const en: Script = {
  locale: 'en',
  words: {
    agent: ['agent', 'human', 'person', 'someone', 'representative', 'operator'],
    billing: ['bill', 'billing', 'invoice', 'charge', 'charged', 'refund', 'payment', 'pay'],
    technical: ['error', 'broken', 'crash', 'bug', 'technical', 'login', 'password', 'not working'],
    hours: ['hours', 'open', 'opening'],
    shipping: ['shipping', 'delivery', 'deliver'],
    returns: ['return', 'returns', 'exchange'],
  },
  answers: {
    agent: 'Of course. I will connect you with one of our agents.',
    billing: 'Billing questions are best handled by our billing team. I will connect you with them.',
    technical: 'That sounds like a technical problem. I will connect you with technical support.',
    hours: 'Our support team is available Monday to Friday, 8:00 to 18:00.',
    shipping: 'Orders ship within 2 working days; delivery takes 3 to 5 days.',
    returns: 'You can return any item within 30 days from your account page.',
  },
  greeting: 'Hi! I am the virtual assistant of this shop. How can I help you?',
  optionsTitle: 'You can ask me about:',
  options: {
    hours: 'Opening hours',
    shipping: 'Shipping',
    billing: 'A billing question',
    technical: 'A technical problem',
    agent: 'Talk to a person',
  },
  fallback: "I'm not sure I understood. You can ask about opening hours, shipping or returns, or ask for a person.",
  agentAvailable: 'An agent will be with you shortly.',
  agentUnavailable: 'Sorry, no agent is available right now. Please try again during opening hours.',
}
