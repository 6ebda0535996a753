import { createRequire } from 'node:module'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { SANDBOX_PATHS } from '@flex-escalate/api/limits'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** Where the document and its reference page are served. */
export const OPENAPI_PATHS = { document: '/openapi.json', reference: '/docs' } as const

export interface OpenApiOptions {
  /** The API reference page (Swagger UI): development and tests only, never in production. */
  referencePage: boolean
}

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string }

/**
 * The OpenAPI 3.1 document of the middleware, made by `@fastify/swagger` from the JSON schemas every route
 * already validates with (bodies, headers, every reply status and the error shape): it cannot drift from
 * what the server does. Served at `GET /openapi.json`; the API reference page at `/docs` outside production.
 * Registered before any route, so its `onRoute` hook sees them all.
 *
 * @example
 * await app.register(openApi, { referencePage: config.nodeEnv !== 'production' })
 * const document = (await app.inject({ url: '/openapi.json' })).json()
 */
export const openApi = fp<OpenApiOptions>(
  async function openApi(app: FastifyInstance, { referencePage }) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'flex-escalate middleware',
          version,
          description:
            'Verifies the website visitor, opens the Flex chat, mints short-lived tokens, answers availability and queue position, ' +
            'ends chats. Errors are JSON `{ error, message, field? }` with a 4xx or 5xx status. In sandbox mode (development ' +
            `only) the sandbox also serves WebSockets at ${SANDBOX_PATHS.visitor} and ${SANDBOX_PATHS.agent}, whose frames are described by ` +
            "@flex-escalate/api's VisitorProtocol and AgentProtocol.",
          license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        },
        components: {
          securitySchemes: {
            sessionToken: { type: 'http', scheme: 'bearer', description: 'The session token `POST /auth` returned.' },
          },
        },
      },
    })
    app.get(OPENAPI_PATHS.document, { schema: { hide: true } }, async () => app.swagger())
    if (referencePage) await app.register(swaggerUi, { routePrefix: OPENAPI_PATHS.reference })
  },
  { name: 'flex-escalate-openapi' },
)
