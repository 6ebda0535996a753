import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { HttpError } from './http-errors.js'

interface ValidationIssue {
  instancePath: string
  keyword: string
  params: Record<string, unknown>
  message?: string
}

/** Names the offending input of an ajv validation error: `body.summary.0`, `query.topic`, `headers.authorization`. */
function fieldOf(context: string | undefined, issue: ValidationIssue): string {
  const path = issue.instancePath
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
  const extra = issue.params.missingProperty ?? issue.params.additionalProperty ?? issue.params.propertyName
  if (typeof extra === 'string') path.push(extra)
  // Fastify calls the query string `querystring`; the API documents it as `query`.
  return [context === 'querystring' ? 'query' : (context ?? 'body'), ...path].join('.')
}

function describe(field: string, issue: ValidationIssue): string {
  switch (issue.keyword) {
    case 'additionalProperties':
      return `${field} is not a known field; remove it`
    case 'required':
      return `${field} is required`
    default:
      return `${field} ${issue.message ?? 'is invalid'}`
  }
}

/**
 * Replies to every error as JSON `{error, message, field?}`:
 * schema failures → 400 naming the field, {@link HttpError}s → their status, Fastify's own 4xx
 * (body too large, bad JSON, wrong content type) → as they are, anything else → 500 without details.
 */
export const errorHandler = fp(
  async function errorHandler(app: FastifyInstance) {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (err.validation && err.validation.length > 0) {
        const issue = err.validation[0] as ValidationIssue
        const field = fieldOf(err.validationContext, issue)
        return reply.status(400).send({ error: 'Bad Request', message: describe(field, issue), field })
      }
      if (err instanceof HttpError) {
        if (err.statusCode >= 500) request.log.warn({ status: err.statusCode }, err.message)
        if (err.headers) reply.headers(err.headers)
        return reply
          .status(err.statusCode)
          .send({ error: err.error, message: err.message, ...(err.field ? { field: err.field } : {}), ...err.details })
      }
      const status = err.statusCode ?? 500
      if (status >= 400 && status < 500) {
        return reply.status(status).send({ error: STATUS_CODES[status] ?? 'Client Error', message: err.message })
      }
      request.log.error({ err }, 'unhandled error')
      return reply.status(500).send({ error: 'Internal Server Error', message: 'Something went wrong on our side. Please try again.' })
    })

    // Some replies are not made by this handler: @fastify/cors answers a malformed preflight with plain
    // text. Every error the API sends is JSON, so rewrite those.
    app.addHook('onSend', async (request, reply, payload) => {
      if (reply.statusCode < 400 || request.method === 'HEAD') return payload
      if (String(reply.getHeader('content-type') ?? '').startsWith('application/json')) return payload
      const detail = typeof payload === 'string' || Buffer.isBuffer(payload) ? String(payload).slice(0, 200) : 'the request was refused'
      reply.header('content-type', 'application/json; charset=utf-8')
      return JSON.stringify({
        error: STATUS_CODES[reply.statusCode] ?? 'Client Error',
        message: `Failed to handle ${request.method} ${request.url.split('?')[0]}: ${detail}. Please check the request against the README.`,
      })
    })

    app.setNotFoundHandler((request, reply) => {
      reply.status(404).send({
        error: 'Not Found',
        message: `No route ${request.method} ${request.url.split('?')[0]}. See the README for the HTTP API.`,
      })
    })
  },
  { name: 'flex-escalate-errors' },
)
