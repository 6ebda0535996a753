import type { AddressInfo } from 'node:net'
import { TestSocket } from '@flex-escalate/flex-sandbox/testing'
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { startHarness } from '../../test/harness.js'
import { SANDBOX_ENV } from '../../test/sandbox/sandbox-harness.js'
import { buildApp } from '../app.js'
import { loadConfig } from '../config/config.js'

let app: FastifyInstance
afterEach(async () => {
  await app.close()
})

describe('the gateway chosen at start-up', () => {
  it('is the sandbox without Twilio credentials, with its sockets mounted', async () => {
    app = await buildApp(loadConfig(SANDBOX_ENV))
    expect(app.flex.transport).toBe('sandbox')
    expect(app.flex.routes).toBeTypeOf('function')
    const auth = await app.inject({ method: 'POST', url: '/auth', payload: { topic: 'billing' }, headers: { host: '127.0.0.1:4000' } })
    expect(auth.json()).toMatchObject({ transport: 'sandbox', sandboxUrl: 'ws://127.0.0.1:4000/sandbox/visitor' })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const socket = await TestSocket.open(`ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/sandbox/agent`)
    expect(await socket.ok({ type: 'signIn', name: 'Ada' })).toMatchObject({ worker: { name: 'Ada' } })
    socket.close()
  })

  it('is Twilio with credentials, and the sandbox sockets do not exist', async () => {
    const h = await startHarness()
    app = h.app
    expect(app.flex.transport).toBe('conversations')
    expect(app.flex.routes).toBeUndefined()
    expect((await app.inject({ method: 'GET', url: '/sandbox/visitor' })).statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: '/sandbox/agent' })).statusCode).toBe(404)
    const auth = await app.inject({ method: 'POST', url: '/auth', payload: {} })
    expect(auth.json().sandboxUrl).toBeUndefined()
  })
})
