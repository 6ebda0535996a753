import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HealthReply } from '@flex-escalate/api'

/** `GET /healthz`: liveness only; it never calls Twilio, so an outage there does not restart us. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    { schema: { summary: 'Liveness', description: 'Never calls Twilio.', response: { 200: HealthReply } }, logLevel: 'warn' },
    async () => ({ status: 'ok' as const }),
  )
}
