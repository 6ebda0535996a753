import { describe, expect, it, vi } from 'vitest'
import { PreChatPrompt } from './pre-chat-prompt.js'

describe('PreChatPrompt', () => {
  it('resolves with the answers and closes', async () => {
    const prompt = new PreChatPrompt()
    const listener = vi.fn()
    prompt.subscribe(listener)
    const answers = prompt.ask()
    expect(prompt.open).toBe(true)
    prompt.answer({ name: 'Ada' })
    await expect(answers).resolves.toEqual({ name: 'Ada' })
    expect(prompt.open).toBe(false)
    expect(listener).toHaveBeenCalledTimes(2)
  })

  it('resolves undefined when the visitor cancels', async () => {
    const prompt = new PreChatPrompt()
    const answers = prompt.ask()
    prompt.answer(undefined)
    await expect(answers).resolves.toBeUndefined()
  })

  it('cancels a form still open when asked again, and ignores answers with no form open', async () => {
    const prompt = new PreChatPrompt()
    const first = prompt.ask()
    const second = prompt.ask()
    await expect(first).resolves.toBeUndefined()
    prompt.answer({ name: 'Ada' })
    await expect(second).resolves.toEqual({ name: 'Ada' })
    const listener = vi.fn()
    prompt.subscribe(listener)
    prompt.answer({ name: 'late' })
    expect(listener).not.toHaveBeenCalled()
  })

  it('stops telling a listener that unsubscribed', () => {
    const prompt = new PreChatPrompt()
    const listener = vi.fn()
    prompt.subscribe(listener)()
    void prompt.ask()
    expect(listener).not.toHaveBeenCalled()
  })
})
