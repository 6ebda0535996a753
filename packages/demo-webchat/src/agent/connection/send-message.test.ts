import type { AgentClient, AgentCommand } from '@flex-escalate/servicedesk-twilio/sandbox'
import { SandboxRefused } from '@flex-escalate/servicedesk-twilio/sandbox'
import { describe, expect, it } from 'vitest'
import { sendMessage, uploadOf } from './send-message.js'

const CHAT = `CH${'0'.repeat(32)}`

/** A sandbox that numbers uploads and messages, refusing what `refuse` says. */
function fakeSandbox(refuse: (command: AgentCommand) => string | undefined = () => undefined) {
  const commands: AgentCommand[] = []
  const request = (async (command: AgentCommand) => {
    commands.push(command)
    const refusal = refuse(command)
    if (refusal) throw new SandboxRefused('bad-file', refusal)
    return command.type === 'upload' ? { sid: `ME${String(commands.length).padStart(32, '0')}` } : { index: 7 }
  }) as AgentClient['request']
  return { commands, request }
}

describe('uploadOf', () => {
  it('carries the file as a base64 data URL under its name and type', async () => {
    expect(await uploadOf(new File(['hi'], 'a.txt', { type: 'text/plain' }))).toEqual({
      filename: 'a.txt',
      contentType: 'text/plain',
      dataUrl: 'data:text/plain;base64,aGk=',
    })
    expect((await uploadOf(new File([new Uint8Array([1, 2])], ''))).dataUrl).toBe('data:application/octet-stream;base64,AQI=')
  })
})

describe('sendMessage', () => {
  it('uploads each file, then sends the text naming them as one message', async () => {
    const sandbox = fakeSandbox()
    const files = [new File(['a'], 'a.png', { type: 'image/png' }), new File(['b'], 'b.pdf', { type: 'application/pdf' })]
    await expect(sendMessage(sandbox.request, CHAT, '**Here**', files)).resolves.toEqual({ index: 7 })
    expect(sandbox.commands.map((command) => command.type)).toEqual(['upload', 'upload', 'send'])
    expect(sandbox.commands[2]).toEqual({
      type: 'send',
      chatSid: CHAT,
      body: '**Here**',
      media: [`ME${'1'.padStart(32, '0')}`, `ME${'2'.padStart(32, '0')}`],
    })
  })

  it('sends text alone without media, and stops at a refused file with the sandbox’s words', async () => {
    const plain = fakeSandbox()
    await sendMessage(plain.request, CHAT, 'Hello', [])
    expect(plain.commands).toEqual([{ type: 'send', chatSid: CHAT, body: 'Hello' }])

    const refusing = fakeSandbox((command) => (command.type === 'upload' ? 'The file a.png is too big.' : undefined))
    await expect(sendMessage(refusing.request, CHAT, 'Hi', [new File(['a'], 'a.png', { type: 'image/png' })])).rejects.toThrow(
      'The file a.png is too big.',
    )
    expect(refusing.commands.map((command) => command.type)).toEqual(['upload'])
  })
})
