/**
 * The desk over each transport, driven the same way: the hand-driven `FakeTransport`, the two Twilio
 * transports over their SDK fakes (typed against the SDKs' `.d.ts`), and the sandbox transport over the fake
 * sandbox on a real socket. A test written against a `DeskKit` runs on all four, so a gap one transport
 * closes and another leaves open shows.
 */
import type { AuthReply } from '@flex-escalate/api'
import { CancellablePromise } from '@twilio/conversations'
import { http, passthrough } from 'msw'
import { afterEach, beforeEach, vi } from 'vitest'
import { WebSocket } from 'ws'
import { createTwilioFlexServiceDesk, type TwilioFlexServiceDesk, type TwilioFlexServiceDeskOptions } from '../src/index.js'
import { ConversationsTransport } from '../src/transports/conversations.js'
import { ProgrammableChatTransport } from '../src/transports/programmable-chat.js'
import type { SandboxTransport } from '../src/transports/sandbox.js'
import { SANDBOX_CHAT_SID, SANDBOX_TOKEN, wireMember, wireMessage } from './fake-sandbox.js'
import { FakeTransport, member, message } from './fake-transport.js'
import { FakeConversation, FakeConvMessage, FakeConvUser, FakeParticipant, fakeConversations } from './fakes/fake-conversations.js'
import { FakeChannel, FakeChatMember, FakeChatMessage, FakeChatUser, fakeTwilioChat } from './fakes/fake-twilio-chat.js'
import { AGENT, connectMessage, flush, silentLogger } from './harness.js'
import type { TestHost } from './hosts.js'
import { authAnswer, authReply, FRESH_TOKEN, type fakeMiddleware, MIDDLEWARE, mediaLinksOf } from './middleware.js'
import { useFakeSandbox } from './sandbox-harness.js'

type Middleware = ReturnType<typeof fakeMiddleware>

/** One desk on one transport, and the levers a test pulls on that transport. */
export interface KitDesk {
  desk: TwilioFlexServiceDesk
  host: TestHost
  /** An agent (Ana) joins the chat; resolves once the desk has handled it. */
  agentJoins(): Promise<void>
  /** The transport's connection drops (and, for the sandbox, stays down); resolves once the desk heard it. */
  drop(): Promise<void>
  /** The connection comes back; resolves once the desk has handled it. */
  restore(): Promise<void>
  /**
   * Flex gives the chat up before any agent accepted it (the workflow timed out): the chat ends with the
   * reason `no-agent`, as each transport carries it. Resolves once the desk has handled it.
   */
  flexGivesUp(): Promise<void>
  /**
   * Ana sends a message with these files, as each transport carries them (Conversations: one message with
   * all; Programmable Chat: one message a file; the sandbox: `data:` URLs). Resolves, once the desk handled
   * it, with the URL the visitor must be shown for each: the middleware's lasting link for a Twilio file,
   * the `data:` URL for a sandbox one.
   */
  agentSendsFiles(files: readonly KitFile[]): Promise<string[]>
  /** The SDK warns that the token expires soon; resolves once the desk heard it. */
  tokenAboutToExpire(): Promise<void>
  /**
   * Resolves once the transport has handled every answer to what the desk sent so far (for the sandbox: a
   * round trip over the socket). With a fake clock, call it before moving the clock far on, so that an
   * answer still on its way does not count as missing.
   */
  settle(): Promise<void>
  /** Whether the desk shut the transport of its current (or last) chat down. */
  shutDown(): boolean
  /** How many transports (one per chat) the desk loaded. */
  loads(): number
}

/** A file an agent sends, in a kit. */
export interface KitFile {
  filename: string
  contentType: string
}

let mediaCount = 0
/** A new media SID, and the lasting link the fake middleware gives for it. */
function twilioMedia(): { sid: string; link: string } {
  mediaCount += 1
  const sid = `ME${String(mediaCount).padStart(32, '0')}`
  return { sid, link: `${MIDDLEWARE}${mediaLinksOf({ mediaSids: [sid] }).links[0]?.path}` }
}
/** Messages the kits deliver from Ana get indices past anything a test sent. */
let agentIndex = 1_000

export interface DeskKit {
  name: 'fake' | 'conversations' | 'programmable-chat' | 'sandbox'
  /** `/auth` answers so that connecting to the chat fails (an unknown chat). */
  failNextConnect(): void
  /** A desk from the public factory with this transport. */
  build(host: TestHost, options?: Partial<TwilioFlexServiceDeskOptions>, persistedState?: unknown): Promise<KitDesk>
}

/** A desk with a started chat, waiting for an agent. */
export async function startedKitDesk(kit: DeskKit, host: TestHost, options: Partial<TwilioFlexServiceDeskOptions> = {}): Promise<KitDesk> {
  const built = await kit.build(host, options)
  await built.desk.startChat(connectMessage, {})
  return built
}

function deskFactory(options: Partial<TwilioFlexServiceDeskOptions>, load: () => Promise<import('../src/index.js').ChatTransport>) {
  return createTwilioFlexServiceDesk(
    { middlewareUrl: MIDDLEWARE, logger: silentLogger, ...options },
    { transports: { conversations: load, 'programmable-chat': load, sandbox: load } },
  )
}

/** Resolves at the next `event` the transport emits (listening before the desk does: so `flush()` after). */
function next<E extends 'connectionStateChanged' | 'memberJoined' | 'messageAdded' | 'tokenAboutToExpire'>(
  transport: import('../src/index.js').ChatTransport,
  event: E,
  state?: string,
): Promise<void> {
  return new Promise((resolve) => {
    const off = transport.on(event, ((value?: unknown) => {
      if (state !== undefined && value !== state) return
      off()
      resolve()
    }) as never)
  })
}

function fakeKit(): DeskKit {
  let failNext = false
  return {
    name: 'fake',
    failNextConnect: () => {
      failNext = true
    },
    async build(host, options = {}, persistedState) {
      failNext = false
      const transports: FakeTransport[] = []
      const factory = deskFactory(options, async () => {
        const transport = new FakeTransport()
        if (failNext) transport.failConnect = new Error('Conversation CH9999 not found')
        failNext = false
        transports.push(transport)
        return transport
      })
      const desk = await factory({ callback: host.callback, persistedState, instance: host.instance })
      host.attach?.(desk)
      const current = () => {
        const transport = transports.at(-1)
        if (!transport) throw new Error('Test bug: no chat started')
        return transport
      }
      return {
        desk,
        host,
        agentJoins: async () => {
          current().emit('memberJoined', member(AGENT, 'Ana'))
          await flush()
        },
        drop: async () => {
          current().emit('connectionStateChanged', 'disconnected')
          await flush()
        },
        restore: async () => {
          current().emit('connectionStateChanged', 'connected')
          await flush()
        },
        tokenAboutToExpire: async () => {
          current().emit('tokenAboutToExpire')
          await flush()
        },
        flexGivesUp: async () => {
          current().emit('chatEnded', 'no-agent')
          await flush()
        },
        agentSendsFiles: async (files) => {
          const media = files.map((file) => ({ ...file, ...twilioMedia() }))
          agentIndex += 1
          current().deliver({
            ...message(agentIndex, AGENT, ''),
            media: media.map(({ sid, filename, contentType }) => ({
              sid,
              filename,
              contentType,
              getUrl: async () => `https://media.twiliocdn.test/${sid}`,
            })),
          })
          await flush()
          return media.map((file) => file.link)
        },
        settle: flush,
        shutDown: () => current().shutDown,
        loads: () => transports.length,
      }
    },
  }
}

/** A Twilio kit: both SDK fakes offer a client with connection events, and a chat object with member events. */
function twilioKit(name: 'conversations' | 'programmable-chat', middleware: Middleware): DeskKit {
  let failNext = false
  // Read at each /auth: an unknown chat SID makes the SDK fake's getConversationBySid / getChannelBySid fail.
  const answerAuth = () =>
    middleware.answer('auth', () => {
      const chatSid = failNext ? 'CH9999' : 'CH0001'
      failNext = false
      return authAnswer(authReply(name, chatSid))()
    })
  return {
    name,
    failNextConnect: () => {
      failNext = true
    },
    async build(host, options = {}, persistedState) {
      failNext = false
      const transports: Array<{ shutDown(): boolean; fire(event: string, ...args: unknown[]): void }> = []
      // One fake SDK (one chat, CH0001) per chat: the desk loads a new transport, with a new client, for each.
      const factory = deskFactory(options, async () => {
        if (name === 'conversations') {
          const conversation = new FakeConversation()
          const fake = fakeConversations(conversation)
          transports.push({
            shutDown: () => fake.client()?.shutDown ?? false,
            fire: (event, ...args) =>
              event === 'participantJoined' || event === 'updated' || event === 'messageAdded'
                ? conversation.fire(event, ...args)
                : fake.client()?.fire(event as 'tokenExpired', ...args),
          })
          return new ConversationsTransport(async () => fake.sdk)
        }
        const channel = new FakeChannel()
        const fake = fakeTwilioChat(channel)
        transports.push({
          shutDown: () => fake.client()?.shutDown ?? false,
          fire: (event, ...args) =>
            event === 'memberJoined' || event === 'updated' || event === 'messageAdded'
              ? channel.fire(event, ...args)
              : fake.client()?.fire(event as 'tokenExpired', ...args),
        })
        return new ProgrammableChatTransport(async () => fake.sdk)
      })
      answerAuth()
      const desk = await factory({ callback: host.callback, persistedState, instance: host.instance })
      host.attach?.(desk)
      const current = () => {
        const transport = transports.at(-1)
        if (!transport) throw new Error('Test bug: no chat started')
        return transport
      }
      const fire = async (event: string, ...args: unknown[]) => {
        current().fire(event, ...args)
        await flush()
      }
      return {
        desk,
        host,
        agentJoins: () =>
          name === 'conversations'
            ? fire('participantJoined', new FakeParticipant(AGENT, null, new FakeConvUser('Ana')))
            : fire('memberJoined', new FakeChatMember(AGENT, null, new FakeChatUser('Ana'))),
        drop: () => fire('connectionStateChanged', 'disconnected'),
        restore: () => fire('connectionStateChanged', 'connected'),
        tokenAboutToExpire: () => fire('tokenAboutToExpire', 60),
        // What the middleware writes when TaskRouter gives the chat up: the reason with the end, in one update.
        flexGivesUp: () =>
          name === 'conversations'
            ? fire('updated', {
                conversation: { state: { current: 'closed' }, attributes: { topic: 'billing', endReason: 'no-agent' } },
                updateReasons: ['state', 'attributes'],
              })
            : fire('updated', { channel: { attributes: { status: 'INACTIVE', endReason: 'no-agent' } }, updateReasons: ['attributes'] }),
        agentSendsFiles: async (files) => {
          const media = files.map((file) => ({ ...file, ...twilioMedia() }))
          if (name === 'conversations') {
            // The SDK's own promise type (its `Media` returns one), so the fake keeps to its .d.ts.
            const attached = media.map(({ sid, filename, contentType }) => ({
              sid,
              filename,
              contentType,
              getContentTemporaryUrl: () =>
                new CancellablePromise<string | null>((resolve) => resolve(`https://media.twiliocdn.test/${sid}`)),
            }))
            agentIndex += 1
            await fire('messageAdded', new FakeConvMessage(agentIndex, AGENT, null, {}, 'media', attached))
          } else {
            // Programmable Chat carries one file a message.
            for (const { sid, filename, contentType } of media) {
              agentIndex += 1
              const file = { sid, filename, contentType, getContentTemporaryUrl: async () => `https://media.twiliocdn.test/${sid}` }
              await fire('messageAdded', new FakeChatMessage(agentIndex, AGENT, '', {}, 'media', file))
            }
          }
          return media.map((file) => file.link)
        },
        settle: flush,
        shutDown: () => current().shutDown(),
        loads: () => transports.length,
      }
    },
  }
}

/**
 * The sandbox kit: a real `SandboxTransport` on a socket to the fake sandbox. A drop holds the transport's
 * reconnection waits (so the connection stays down, on any clock) until `restore()` runs them.
 */
function sandboxKit(middleware: Middleware, h: ReturnType<typeof useFakeSandbox>): DeskKit {
  const sandboxAuth = (chatSid: string): AuthReply => authReply('sandbox', chatSid, { token: SANDBOX_TOKEN, sandboxUrl: h.sandbox.url })
  let failNext = false
  return {
    name: 'sandbox',
    failNextConnect: () => {
      failNext = true
    },
    async build(host, options = {}, persistedState) {
      failNext = false
      const transports: Array<{ transport: SandboxTransport; shutDown: boolean }> = []
      // Read at each /auth: the fake sandbox closes an unknown chat's socket with 4404.
      middleware.answer('auth', () => {
        const chatSid = failNext ? `CH${'f'.repeat(32)}` : SANDBOX_CHAT_SID
        failNext = false
        return authAnswer(sandboxAuth(chatSid))()
      })
      const factory = deskFactory(options, async () => {
        // Requests never time out here: a test's fake clock may jump past an answer that is on its way.
        const transport = h.transport({ requestTimeoutMs: 3_600_000 })
        const entry = { transport, shutDown: false }
        const shutdown = transport.shutdown.bind(transport)
        transport.shutdown = async () => {
          entry.shutDown = true
          await shutdown()
        }
        transports.push(entry)
        return transport
      })
      const desk = await factory({ callback: host.callback, persistedState, instance: host.instance })
      host.attach?.(desk)
      const current = () => {
        const entry = transports.at(-1)
        if (!entry) throw new Error('Test bug: no chat started')
        return entry
      }
      // The socket keeps order: once the answer to this request is in, so are the answers to all before it.
      const settle = async () => {
        await current().transport.markAllRead()
        await flush()
      }
      return {
        desk,
        host,
        agentJoins: async () => {
          const ana = wireMember(AGENT, 'Ana')
          h.sandbox.members.push(ana)
          const joined = next(current().transport, 'memberJoined')
          h.sandbox.emit({ type: 'memberJoined', member: ana })
          await joined
          await flush()
        },
        drop: async () => {
          h.retries.hold = true
          const down = next(current().transport, 'connectionStateChanged', 'disconnected')
          h.sandbox.dropClients()
          await down
          await flush()
        },
        restore: async () => {
          h.retries.hold = false
          const up = next(current().transport, 'connectionStateChanged', 'connected')
          h.retries.runPending()
          await up
          await flush()
          await settle()
        },
        agentSendsFiles: async (files) => {
          const attachedMedia = files.map(({ filename, contentType }) => ({
            filename,
            contentType,
            size: 4,
            url: `data:${contentType};base64,${Buffer.from(filename).toString('base64')}`,
          }))
          agentIndex += 1
          const added = next(current().transport, 'messageAdded')
          h.sandbox.emit({ type: 'messageAdded', message: wireMessage(agentIndex, AGENT, '', { attachedMedia }) })
          await added
          await flush()
          return attachedMedia.map((file) => file.url)
        },
        flexGivesUp: async () => {
          const ended = new Promise<void>((resolve) => current().transport.on('chatEnded', () => resolve()))
          h.sandbox.emit({ type: 'chatEnded', reason: 'no-agent' })
          await ended
          await flush()
        },
        tokenAboutToExpire: async () => {
          const warned = next(current().transport, 'tokenAboutToExpire')
          h.sandbox.emit({ type: 'tokenAboutToExpire' })
          await warned
          await flush()
        },
        settle,
        shutDown: () => current().shutDown,
        loads: () => transports.length,
      }
    },
  }
}

/**
 * The four kits, for `describe.each`, and the fake sandbox behind the sandbox kit (for tests that act on the
 * server, e.g. a restart). Call once per test file, at the top level: it sets up the fake sandbox and the
 * global `WebSocket` the sandbox transport needs (Node 20 has none).
 */
export function useDeskKits(middleware: Middleware): { kits: DeskKit[]; sandbox: ReturnType<typeof useFakeSandbox> } {
  const h = useFakeSandbox()
  beforeEach(() => {
    vi.stubGlobal('WebSocket', WebSocket)
    // `ws` opens its socket with an HTTP upgrade, which msw sees: let the fake sandbox's through.
    middleware.server.use(http.get(h.sandbox.url.replace(/^ws/, 'http'), () => passthrough()))
    h.sandbox.tokens.add(FRESH_TOKEN)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })
  return {
    kits: [fakeKit(), twilioKit('conversations', middleware), twilioKit('programmable-chat', middleware), sandboxKit(middleware, h)],
    sandbox: h,
  }
}
