import { SANDBOX_PATHS } from '@flex-escalate/api'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { type HubHarness, startHub } from '../../test/hub-harness.js'
import { TestSocket } from '../test-socket.js'
import { originAllowed } from './origin-check.js'

let h: HubHarness
afterEach(async () => {
  await h?.close()
})

/** What the server answered an upgrade that did not become a socket: status and JSON body. */
function refusedUpgrade(url: string, origin: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin })
    ws.once('open', () => reject(new Error(`the socket from ${origin} opened`)))
    ws.once('error', () => undefined)
    ws.once('unexpected-response', (_request, response) => {
      let text = ''
      response.on('data', (chunk: Buffer) => {
        text += chunk.toString()
      })
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }))
    })
  })
}

describe('the sockets check the page origin at the upgrade', () => {
  it('refuses a foreign page on both sockets: no socket, no sign-in, a 403 naming the header', async () => {
    h = await startHub({ allowedOrigins: ['https://shop.example'] })
    const ws = h.base.replace('http', 'ws')
    for (const path of [SANDBOX_PATHS.agent, SANDBOX_PATHS.visitor]) {
      const refused = await refusedUpgrade(`${ws}${path}`, 'http://evil.example')
      expect(refused.status).toBe(403)
      expect(refused.body).toMatchObject({ error: 'Forbidden', field: 'headers.origin' })
      expect(refused.body.message).toMatch(/origin http:\/\/evil\.example is not in ALLOWED_ORIGINS/)
    }
    // An existing agent, whose chats and colleagues a hijacking page would have seen.
    await h.agent('Ada')
    expect((await refusedUpgrade(`${ws}${SANDBOX_PATHS.agent}`, 'https://shop.example.evil.test')).status).toBe(403)
    expect(h.sandbox.router.workers().map((worker) => worker.name)).toEqual(['Ada'])
  })

  it('lets in a listed page, a page of the hub itself, and clients that are no browser', async () => {
    h = await startHub({ allowedOrigins: ['https://shop.example'] })
    const url = `${h.base.replace('http', 'ws')}${SANDBOX_PATHS.agent}`
    const sockets = [
      await TestSocket.open(url, { origin: 'https://shop.example' }),
      await TestSocket.open(url, { origin: h.base }),
      await TestSocket.open(url),
    ]
    for (const [i, socket] of sockets.entries()) {
      expect(await socket.ok({ type: 'signIn', name: `Agent ${i}` })).toMatchObject({ worker: { name: `Agent ${i}` } })
      socket.close()
    }
  })

  it('lets in any page with *, and only its own without a list', () => {
    expect(originAllowed({ allowedOrigins: ['*'] }, 'http://anything.example', 'http://127.0.0.1:4000')).toBe(true)
    expect(originAllowed({ allowedOrigins: [] }, 'http://127.0.0.1:4000', 'http://127.0.0.1:4000')).toBe(true)
    expect(originAllowed({ allowedOrigins: [] }, 'http://127.0.0.1:5173', 'http://127.0.0.1:4000')).toBe(false)
    expect(originAllowed({ allowedOrigins: [] }, undefined, 'http://127.0.0.1:4000')).toBe(true)
  })
})
