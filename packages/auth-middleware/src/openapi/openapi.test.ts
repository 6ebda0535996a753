/**
 * The OpenAPI document (`GET /openapi.json`): valid OpenAPI 3.1, and holding every route the app serves with
 * every status its schema declares and the error shape, on Twilio (webhook included) and on the sandbox.
 */
import { createRequire } from 'node:module'
import { errorReplies } from '@flex-escalate/api'
import { SANDBOX_PATHS } from '@flex-escalate/api/limits'
import { Validator } from '@seriousme/openapi-schema-validator'
import type { FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { startHarness } from '../../test/harness.js'
import { SANDBOX_ENV } from '../../test/sandbox/sandbox-harness.js'
import { buildApp } from '../app.js'
import { loadConfig } from '../config/config.js'
import { OPENAPI_PATHS } from './openapi.js'

interface Operation {
  responses: Record<string, { content?: { 'application/json'?: { schema?: { required?: string[]; properties?: object } } } }>
}
type Document = { openapi: string; info: { version: string }; paths: Record<string, Record<string, Operation>> }

let app: FastifyInstance | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

/**
 * Every HTTP route the app serves, as `METHOD /path`, from Fastify's own route tree (`printRoutes`): the
 * document's own routes, its reference page, CORS preflights and implicit HEADs left out, and the sandbox's
 * WebSocket upgrades (no OpenAPI operation: `@fastify/swagger` leaves `websocket` routes out, and their
 * frames are `@flex-escalate/api`'s VisitorProtocol and AgentProtocol).
 */
function servedRoutes(instance: FastifyInstance): string[] {
  const routes: string[] = []
  const stack: string[] = []
  for (const line of instance.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)$/.exec(line)
    if (!match) continue
    const depth = match[1]!.length / 4
    stack.length = depth
    stack.push(match[2]!)
    const path = stack.join('')
    if (path.startsWith(OPENAPI_PATHS.document) || path.startsWith(OPENAPI_PATHS.reference) || path === '*') continue
    if ((Object.values(SANDBOX_PATHS) as string[]).includes(path)) continue
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD' && method !== 'OPTIONS') routes.push(`${method} ${path}`)
  }
  return routes.sort()
}

async function documentOf(instance: FastifyInstance): Promise<Document> {
  const res = await instance.inject({ url: OPENAPI_PATHS.document })
  expect(res.statusCode).toBe(200)
  return res.json() as Document
}

const documented = (document: Document) =>
  Object.entries(document.paths)
    .flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    )
    .sort()

function expectCompleteDocument(instance: FastifyInstance, document: Document) {
  expect(documented(document)).toEqual(servedRoutes(instance))
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const statuses = Object.keys(operation.responses)
      // A redirect is the success of `GET /media/…` (302 to Twilio's fresh temporary URL).
      expect(
        statuses.some((status) => /^[123]\d\d$/.test(status)),
        `${method} ${path} documents its success`,
      ).toBe(true)
      // Twilio's webhook answers Twilio, and the liveness probe only says it is alive (or 503 while closing).
      if (path.startsWith('/webhooks/') || path === '/healthz') continue
      // Every API route declares every error status, each with the one error shape.
      expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(Object.keys(errorReplies)))
      for (const status of Object.keys(errorReplies)) {
        const schema = operation.responses[status]?.content?.['application/json']?.schema
        expect(schema?.required, `${method} ${path} ${status}`).toEqual(['error', 'message'])
      }
    }
  }
}

describe('GET /openapi.json', () => {
  it('on Twilio: a valid OpenAPI 3.1 document of every route, status and error shape, versioned as the package', async () => {
    const h = await startHarness({ TWILIO_AUTH_TOKEN: 'a'.repeat(32) })
    app = h.app
    const document = await documentOf(app)
    expect(await new Validator().validate(document)).toEqual({ valid: true })
    expect(document.openapi).toBe('3.1.0')
    expect(document.info.version).toBe((createRequire(import.meta.url)('../../package.json') as { version: string }).version)
    expect(documented(document)).toContain('POST /webhooks/twilio/conversations')
    expectCompleteDocument(app, document)
  })

  it('on the sandbox: the same HTTP routes (its WebSocket protocol is described by @flex-escalate/api)', async () => {
    app = await buildApp(loadConfig(SANDBOX_ENV))
    const document = await documentOf(app)
    expect(await new Validator().validate(document)).toEqual({ valid: true })
    expect(servedRoutes(app)).toContain('POST /auth')
    expectCompleteDocument(app, document)
  })

  it('serves the API reference page outside production only', async () => {
    const h = await startHarness()
    app = h.app
    expect((await app.inject({ url: `${OPENAPI_PATHS.reference}/` })).statusCode).toBe(200)
    await app.close()
    const production = await startHarness({ NODE_ENV: 'production' })
    app = production.app
    expect((await app.inject({ url: `${OPENAPI_PATHS.reference}/` })).statusCode).toBe(404)
    expect((await app.inject({ url: OPENAPI_PATHS.document })).statusCode).toBe(200)
  })
})
