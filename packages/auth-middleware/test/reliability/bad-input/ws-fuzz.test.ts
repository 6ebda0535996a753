/**
 * Bad input, WebSocket: malformed frames on both sandbox sockets (real sockets on 127.0.0.1). Every frame
 * with a usable id is answered with an error naming the problem; noise without one is dropped; the socket
 * keeps serving, and the hub closes a socket with 4400 only after `maxStrikes` bad frames.
 */

import { TestSocket } from '@flex-escalate/flex-sandbox/testing'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SandboxHarness, startSandbox } from '../../sandbox/sandbox-harness.js'
import { recordFigures } from '../figures.js'
import { notAString, oddString } from './arbitraries.js'

const RUNS = 250
/**
 * Codes a malformed request may get. `refused` is the sandbox refusing a well-formed request (an unknown
 * task); its message must then be one of ours ("Failed to ..."), not the text of a crash.
 */
const CLIENT_ERRORS = ['bad-request', 'unauthenticated', 'unauthorized', 'chat-closed', 'not-found', 'rate-limited', 'forbidden', 'refused']

let h: SandboxHarness
let frames = 0
let serverErrors = 0
let nextId = 1_000_000

beforeAll(async () => {
  // Generous strikes and rate: this suite sends thousands of bad frames per socket on purpose.
  h = await startSandbox({ hub: { maxStrikes: 1_000_000, framesPerSecond: 1_000_000, framesBurst: 1_000_000 } })
})

afterAll(async () => {
  recordFigures('bad-input-ws', { wsFramesFuzzed: frames, responses5xx: serverErrors })
  await h.close()
})

/** Noise: not JSON, binary, JSON that is not an object, or an object without a known type. */
const noise = fc.oneof(
  oddString.map((text) => ({ data: text, binary: false })),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ data: Buffer.from(bytes), binary: true })),
  fc.jsonValue().map((value) => ({ data: JSON.stringify(value), binary: false })),
  fc.constantFrom('{', '[]', 'null', '{"type":', '{"type":"send","id":1', '\u0000').map((data) => ({ data, binary: false })),
)

/** Frames of a known type with a field of the wrong type or value, or a field the protocol does not have. */
const notAnInteger = fc.oneof(
  fc.double({ noInteger: true }),
  oddString,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
)

const visitorMalformed = fc.oneof(
  notAString.map((body) => ({ type: 'send', body, attributes: {} })),
  fc.record({ type: fc.constant('send'), body: fc.string({ minLength: 32_001, maxLength: 33_000 }), attributes: fc.constant({}) }),
  fc.record({
    type: fc.constant('send'),
    body: fc.constant('hi'),
    attributes: fc.dictionary(fc.string({ minLength: 65, maxLength: 70 }), fc.constant('x'), { minKeys: 1, maxKeys: 1 }),
  }),
  fc.oneof(notAnInteger, fc.integer({ max: -2 })).map((afterIndex) => ({ type: 'history', afterIndex })),
  fc.oneof(notAnInteger, fc.integer({ max: -1 })).map((index) => ({ type: 'read', index })),
  fc.record({ type: fc.constant('authenticate'), token: oddString, chatSid: oddString }),
  fc.record({ type: oddString }),
)

const agentMalformed = fc.oneof(
  fc.record({ type: fc.constant('accept'), reservationSid: oddString }),
  fc.record({ type: fc.constant('send'), chatSid: fc.constant(`CH${'0'.repeat(32)}`), body: fc.constant('') }),
  fc.record({ type: fc.constant('send'), chatSid: oddString, body: notAString }),
  fc.record({ type: fc.constant('setActivity'), activity: oddString }),
  fc.record({ type: fc.constant('transfer'), taskSid: oddString, to: notAString }),
  fc.record({
    type: fc.constant('signIn'),
    name: fc.oneof(notAString, fc.string({ minLength: 61, maxLength: 70 }), fc.constantFrom('', '   ')),
  }),
  fc.record({
    type: fc.constantFrom('pick', 'end', 'complete', 'leave'),
    taskSid: fc.oneof(oddString, fc.constant(`WT${'a'.repeat(32)}`)),
  }),
)

/** Sends `frame` with a fresh id and checks the answer is an error a client can act on. */
async function expectRefused(socket: TestSocket, frame: Record<string, unknown>): Promise<void> {
  const id = nextId++
  frames++
  socket.sendRaw(JSON.stringify({ ...frame, id }))
  const reply = await socket.next('reply', (r) => r.id === id)
  if (reply.ok) throw new Error(`a malformed ${String(frame.type)} frame was accepted: ${JSON.stringify(frame).slice(0, 200)}`)
  const ours = CLIENT_ERRORS.includes(reply.error.code) && /^Failed to /.test(reply.error.message)
  if (!ours) serverErrors++
  expect(CLIENT_ERRORS).toContain(reply.error.code)
  expect(reply.error.message).toMatch(/^Failed to /)
}

/** Sends noise, then a probe that must still be answered (in order): the socket survived the noise. */
async function noiseThenProbe(socket: TestSocket, sample: { data: string | Buffer; binary: boolean }): Promise<void> {
  frames++
  socket.ws.send(sample.data, { binary: sample.binary })
  await expectRefused(socket, { type: 'probe' })
}

async function signedInAgent() {
  const socket = await TestSocket.open(`${h.base.replace('http', 'ws')}/sandbox/agent`)
  h.sockets.push(socket)
  await socket.ok({ type: 'signIn', name: 'Fuzz agent' })
  return socket
}

describe('bad input: malformed WebSocket frames on both sandbox sockets', () => {
  it('an authenticated visitor socket refuses malformed frames and keeps serving', async () => {
    const auth = await h.escalate({ visitorName: 'Fuzz' })
    const { socket } = await h.visitor(auth)
    await fc.assert(
      fc.asyncProperty(noise, (sample) => noiseThenProbe(socket, sample)),
      { numRuns: RUNS },
    )
    await fc.assert(
      fc.asyncProperty(visitorMalformed, (frame) => expectRefused(socket, frame)),
      { numRuns: RUNS * 2 },
    )
    expect(await socket.ok({ type: 'history', afterIndex: -1 })).toHaveProperty('messages')
  })

  it('an unauthenticated visitor socket refuses everything but authenticate', async () => {
    const socket = await TestSocket.open(`${h.base.replace('http', 'ws')}/sandbox/visitor`)
    h.sockets.push(socket)
    await fc.assert(
      fc.asyncProperty(noise, (sample) => noiseThenProbe(socket, sample)),
      { numRuns: RUNS },
    )
    const beforeAuth = fc.record({ type: fc.constantFrom('send', 'history', 'read', 'leave', 'updateToken'), body: oddString })
    await fc.assert(
      fc.asyncProperty(beforeAuth, (frame) => expectRefused(socket, frame)),
      { numRuns: RUNS },
    )
  })

  it('an agent socket refuses malformed frames, signed in or not', async () => {
    const fresh = await TestSocket.open(`${h.base.replace('http', 'ws')}/sandbox/agent`)
    h.sockets.push(fresh)
    await fc.assert(
      fc.asyncProperty(noise, (sample) => noiseThenProbe(fresh, sample)),
      { numRuns: RUNS },
    )
    const agent = await signedInAgent()
    await fc.assert(
      fc.asyncProperty(agentMalformed, (frame) => expectRefused(agent, frame)),
      { numRuns: RUNS * 2 },
    )
  })

  it('a frame over maxPayloadBytes closes that socket (1009) and nothing else', async () => {
    const small = await startSandbox({ hub: { maxPayloadBytes: 10_000 } })
    try {
      const auth = await small.escalate()
      const { socket } = await small.visitor(auth)
      frames++
      socket.sendRaw(JSON.stringify({ type: 'send', id: 1, body: 'x'.repeat(20_000), attributes: {} }))
      expect((await socket.closed).code).toBe(1009)
      const again = await small.visitor(auth)
      expect(again.ready.chat.state).toBe('active')
    } finally {
      await small.close()
    }
  })

  it('with the default limits, a socket sending only bad frames is closed with 4400', async () => {
    const strict = await startSandbox()
    try {
      const socket = await TestSocket.open(`${strict.base.replace('http', 'ws')}/sandbox/visitor`)
      strict.sockets.push(socket)
      for (let i = 0; i < 10 && socket.ws.readyState === socket.ws.OPEN; i++) {
        frames++
        socket.sendRaw('not json')
      }
      expect((await socket.closed).code).toBe(4400)
    } finally {
      await strict.close()
    }
  })

  it('the hub still serves new chats afterwards', async () => {
    const auth = await h.escalate({ visitorName: 'After the storm' })
    const { ready } = await h.visitor(auth)
    expect(ready.chat.state).toBe('active')
    process.stdout.write(`bad-input: ${frames} WebSocket frames fuzzed, ${serverErrors} server errors\n`)
  })
})
