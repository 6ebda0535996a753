import type { AssistantMessageReply } from '@flex-escalate/api'
import { describe, expect, it } from 'vitest'
import { AssistantClient, AssistantError, SESSION_KEY, type SessionStore } from './assistant-client.js'

function memoryStore(initial: Record<string, string> = {}): SessionStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial))
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  }
}

const reply = (sessionId: string): AssistantMessageReply => ({ sessionId, output: { generic: [{ response_type: 'text', text: 'hi' }] } })

function fakeFetch(answers: Response[]) {
  const calls: { url: string; body: unknown }[] = []
  const impl: typeof fetch = async (input, init) => {
    calls.push({ url: String(input), body: JSON.parse(String(init?.body)) })
    const next = answers.shift()
    if (!next) throw new TypeError('Failed to fetch')
    return next
  }
  return { calls, impl }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('AssistantClient', () => {
  it('starts without a session, then sends the one the middleware gave', async () => {
    const store = memoryStore()
    const f = fakeFetch([json(200, reply('session-1234')), json(200, reply('session-1234'))])
    const client = new AssistantClient('http://127.0.0.1:4123', store, { fetch: f.impl })
    await client.send('hello')
    await client.send('again')
    expect(f.calls).toEqual([
      { url: 'http://127.0.0.1:4123/assistant/message', body: { text: 'hello' } },
      { url: 'http://127.0.0.1:4123/assistant/message', body: { text: 'again', sessionId: 'session-1234' } },
    ])
    expect(store.data.get(SESSION_KEY)).toBe('session-1234')
  })

  it('starts a new session once when the middleware refuses the stored one', async () => {
    const store = memoryStore({ [SESSION_KEY]: 'old-session-1' })
    const f = fakeFetch([json(404, { error: 'Not Found', message: 'unknown session' }), json(200, reply('new-session-1'))])
    const answer = await new AssistantClient('http://m', store, { fetch: f.impl }).send('hello')
    expect(answer.sessionId).toBe('new-session-1')
    expect(f.calls.map((c) => c.body)).toEqual([{ text: 'hello', sessionId: 'old-session-1' }, { text: 'hello' }])
    expect(store.data.get(SESSION_KEY)).toBe('new-session-1')
  })

  it('reports a middleware that cannot be reached or fails', async () => {
    await expect(new AssistantClient('http://m', memoryStore(), { fetch: fakeFetch([]).impl }).send('x')).rejects.toThrow(
      /cannot be reached/,
    )
    const failing = new AssistantClient('http://m', memoryStore(), { fetch: fakeFetch([json(502, { error: 'Bad Gateway' })]).impl })
    await expect(failing.send('x')).rejects.toEqual(expect.objectContaining({ status: 502 }))
    await expect(
      new AssistantClient('http://m', memoryStore(), { fetch: fakeFetch([json(500, {})]).impl }).send('x'),
    ).rejects.toBeInstanceOf(AssistantError)
  })

  it("sends the page's locale with every message, the greeting and a new session's first included", async () => {
    const store = memoryStore({ [SESSION_KEY]: 'old-session-1' })
    const f = fakeFetch([json(404, { error: 'Not Found' }), json(200, reply('new-session-1')), json(200, reply('new-session-1'))])
    const client = new AssistantClient('http://m', store, { locale: 'es-ES', fetch: f.impl })
    await client.send('')
    await client.send('Me cobraron dos veces')
    expect(f.calls.map((c) => c.body)).toEqual([
      { text: '', sessionId: 'old-session-1', locale: 'es-ES' },
      { text: '', locale: 'es-ES' },
      { text: 'Me cobraron dos veces', sessionId: 'new-session-1', locale: 'es-ES' },
    ])
  })
})
