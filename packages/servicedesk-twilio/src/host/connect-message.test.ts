import { AuthRequestBody } from '@flex-escalate/api'
import { Value } from 'typebox/value'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { authBodyFor } from './auth-body.js'
import { findConnectItem, topicOf } from './connect-message.js'

const wrap = (...generic: unknown[]) => ({ output: { generic } })

describe('connect message', () => {
  // The body carries the browser's language. Node 21+ has a global navigator ('en-US'), Node 20 none: each test
  // that looks at the locale says which one it runs with.
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('finds the connect_to_agent item wherever it is', () => {
    const item = { response_type: 'connect_to_agent', topic: 'sales' }
    expect(findConnectItem(wrap({ response_type: 'text' }, item))).toBe(item)
    expect(findConnectItem(wrap({ response_type: 'text' }))).toBeUndefined()
    expect(topicOf(undefined)).toBeUndefined()
  })

  it('turns an empty escalation into an empty body', () => {
    vi.stubGlobal('navigator', undefined)
    expect(authBodyFor(wrap({ response_type: 'connect_to_agent' }))).toEqual({})
  })

  it("sends the browser's language as the locale when the middleware accepts it", () => {
    const empty = wrap({ response_type: 'connect_to_agent' })
    vi.stubGlobal('navigator', { language: 'de-CH' })
    expect(authBodyFor(empty)).toEqual({ locale: 'de-CH' })
    // Empty, not a language tag, and a well-formed tag longer than the middleware's 35 characters.
    for (const language of ['', 'not a locale', `de${'-abcdefgh'.repeat(4)}`]) {
      vi.stubGlobal('navigator', { language })
      expect(authBodyFor(empty)).toEqual({})
    }
  })

  it('trims texts to the middleware limits and drops additional data it would reject', () => {
    const body = authBodyFor(
      wrap({
        response_type: 'connect_to_agent',
        topic: 't'.repeat(150),
        message_to_human_agent: '  help  ',
        transfer_info: {
          summary_message_to_agent: [{ text: 'a' }, { text: '' }, 'b', 42, ...Array.from({ length: 60 }, () => ({ text: 'x' }))],
          additional_data: { ok: 'yes', 'bad key': 'no', number: 3 },
        },
      }),
    )
    expect(body.topic).toHaveLength(100)
    expect(body.messageToHumanAgent).toBe('help')
    expect(body.summary?.slice(0, 2)).toEqual(['a', 'b'])
    expect(body.summary).toHaveLength(50)
    expect(body.additionalData).toEqual({ ok: 'yes' })
  })

  it("builds, from an escalation over every limit, a body the middleware's own schema accepts", () => {
    vi.stubGlobal('navigator', { language: 'pt-BR' })
    const long = (length: number) => 'y'.repeat(length)
    const body = authBodyFor(
      wrap({
        response_type: 'connect_to_agent',
        topic: long(5000),
        message_to_human_agent: long(5000),
        transfer_info: {
          summary_message_to_agent: Array.from({ length: 200 }, () => long(5000)),
          session_history_key: long(5000),
          additional_data: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`key_${i}`, long(5000)])),
        },
      }),
    )
    // The schema `POST /auth` validates with (built from the same limits): a change to one side fails here.
    expect([...Value.Errors(AuthRequestBody, body)]).toEqual([])
    expect(Object.keys(body.additionalData ?? {}).length).toBeGreaterThan(0)
    expect(body.locale).toBe('pt-BR')
  })

  it('accepts the summary as one string, as the watsonx Assistant API sends it, one line per item', () => {
    const body = authBodyFor(
      wrap({ response_type: 'connect_to_agent', transfer_info: { summary_message_to_agent: 'Visitor: hi\n\nAssistant: hello' } }),
    )
    expect(body.summary).toEqual(['Visitor: hi', 'Assistant: hello'])
  })

  it("prefers transfer_info.session_history_key over v8's agentAppInfo", () => {
    const item = { response_type: 'connect_to_agent', transfer_info: { session_history_key: 'from-item' } }
    expect(authBodyFor(wrap(item), { agentAppInfo: { sessionHistoryKey: 'from-v8' } }).sessionHistoryKey).toBe('from-item')
    expect(
      authBodyFor(wrap({ response_type: 'connect_to_agent' }), { agentAppInfo: { sessionHistoryKey: 'from-v8' } }).sessionHistoryKey,
    ).toBe('from-v8')
  })
})
