/**
 * The scenarios every `ChatTransport` must pass, run by each transport's test against its SDK fake.
 */
import { describe, expect, it } from 'vitest'
import type { ChatTransport, ChatTransportEvents, ConnectParams } from '../src/index.js'

/**
 * How a test drives one transport's SDK fake (or, for `sandbox`, its fake server). The `fire` methods may
 * return a promise: a server on a real socket is heard only once the frame has arrived.
 */
export interface SdkDriver {
  transport: ChatTransport
  /** Replaces parts of the contract's connect parameters (the sandbox needs its URL and a real chat SID). */
  params?: Partial<ConnectParams>
  /** Fires an SDK event on the chat object (channel / conversation). */
  fireChat(
    event: 'memberJoined' | 'memberLeft' | 'typingStarted' | 'typingEnded' | 'messageAdded' | 'readHorizon',
    ...args: unknown[]
  ): void | Promise<void>
  /** Fires an SDK event on the client. */
  fireClient(event: 'tokenAboutToExpire' | 'tokenExpired' | 'connectionStateChanged', ...args: unknown[]): void | Promise<void>
  member(identity: string, friendlyName?: string, attributes?: Record<string, string>, lastRead?: number): unknown
  message(index: number, author: string, body: string): unknown
  addHistory(...messages: unknown[]): void
  sent(): Array<{ message: unknown; attributes: unknown }>
  tokens(): string[]
  counts(): { reads: number; typings: number; leaves: number; shutDown: boolean }
}

export function record(transport: ChatTransport) {
  const seen: Array<[keyof ChatTransportEvents, unknown[]]> = []
  const names: Array<keyof ChatTransportEvents> = [
    'messageAdded',
    'memberJoined',
    'memberLeft',
    'typingStarted',
    'typingEnded',
    'readHorizonChanged',
    'chatEnded',
    'connectionStateChanged',
    'tokenAboutToExpire',
    'tokenExpired',
  ]
  for (const name of names) transport.on(name, (...args: unknown[]) => seen.push([name, args]))
  return seen
}

const CONNECT = { token: 'tok-1', chatSid: 'CH0001', identity: 'visitor-1' }

export interface ContractOptions {
  /**
   * Whether the SDK reports connection states that the test can fire (Twilio's twilsock states). The sandbox
   * derives them from its own socket instead; its tests cover them.
   */
  sdkConnectionStates?: boolean
}

export function transportContract(makeDriver: () => SdkDriver, { sdkConnectionStates = true }: ContractOptions = {}): void {
  describe('ChatTransport contract', () => {
    async function connected() {
      const driver = makeDriver()
      const snapshot = await driver.transport.connect({ ...CONNECT, ...driver.params })
      return { driver, snapshot, seen: record(driver.transport) }
    }

    it('reports members with their friendly name and avatar, read lazily', async () => {
      const { driver, seen } = await connected()
      await driver.fireChat('memberJoined', driver.member('agent-1', 'Ana', { image_url: 'https://cdn.example.test/a.png' }))
      const [name, args] = seen[0] ?? []
      expect(name).toBe('memberJoined')
      const joined = args?.[0] as Parameters<ChatTransportEvents['memberJoined']>[0]
      expect(joined.identity).toBe('agent-1')
      await expect(joined.loadProfile()).resolves.toEqual({ friendlyName: 'Ana', avatarUrl: 'https://cdn.example.test/a.png' })
    })

    it('maps leave, typing, messages and the read horizon', async () => {
      const { driver, seen } = await connected()
      const agent = driver.member('agent-1', 'Ana', {}, 4)
      await driver.fireChat('typingStarted', agent)
      await driver.fireChat('typingEnded', agent)
      await driver.fireChat('messageAdded', driver.message(3, 'agent-1', 'Hi'))
      await driver.fireChat('readHorizon', agent)
      await driver.fireChat('memberLeft', agent)
      expect(seen.map(([name]) => name)).toEqual(['typingStarted', 'typingEnded', 'messageAdded', 'readHorizonChanged', 'memberLeft'])
      expect(seen[2]?.[1][0]).toMatchObject({ index: 3, author: 'agent-1', body: 'Hi', attributes: {} })
      expect(seen[3]?.[1]).toEqual(['agent-1', 4])
    })

    it('maps token events', async () => {
      const { driver, seen } = await connected()
      await driver.fireClient('tokenAboutToExpire', 60)
      await driver.fireClient('tokenExpired')
      expect(seen).toEqual([
        ['tokenAboutToExpire', []],
        ['tokenExpired', []],
      ])
    })

    if (sdkConnectionStates) {
      it('maps connection events; unknown connection states count as connecting', async () => {
        const { driver, seen } = await connected()
        for (const state of ['disconnected', 'retrying', 'connected', 'denied']) await driver.fireClient('connectionStateChanged', state)
        expect(seen).toEqual([
          ['connectionStateChanged', ['disconnected']],
          ['connectionStateChanged', ['connecting']],
          ['connectionStateChanged', ['connected']],
          ['connectionStateChanged', ['denied']],
        ])
      })
    }

    it('sends text with attributes, marks read, signals typing and updates the token', async () => {
      const { driver } = await connected()
      await driver.transport.sendText('hello', { messageId: 'm-1' })
      await driver.transport.markAllRead()
      await driver.transport.typing()
      await driver.transport.updateToken('tok-2')
      expect(driver.sent()).toEqual([{ message: 'hello', attributes: { messageId: 'm-1' } }])
      expect(driver.counts()).toMatchObject({ reads: 1, typings: 1 })
      expect(driver.tokens()).toEqual(['tok-2'])
    })

    it('fetches every message after an index across pages', async () => {
      const { driver } = await connected()
      driver.addHistory(...[0, 1, 2, 3, 4, 5].map((index) => driver.message(index, 'agent-1', `m${index}`)))
      const after = await driver.transport.messagesAfter(1)
      expect(after.map((item) => item.index)).toEqual([2, 3, 4, 5])
    })

    it('leaves, shuts down and emits nothing afterwards', async () => {
      const { driver, seen } = await connected()
      await driver.transport.leave()
      await driver.transport.shutdown()
      await driver.fireChat('messageAdded', driver.message(9, 'agent-1', 'late'))
      expect(driver.counts()).toMatchObject({ leaves: 1, shutDown: true })
      expect(seen).toEqual([])
    })
  })
}
