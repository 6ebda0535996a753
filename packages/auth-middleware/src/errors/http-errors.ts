/**
 * Errors a route throws on purpose. The error handler turns each into `{error, message, field?}`
 * with its status; anything else becomes a bare 500 (never a stack trace).
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: string,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'HttpError'
  }

  /** More fields of the reply body beside `error`, `message` and `field` (a closed queue's `closed`). */
  details?: Readonly<Record<string, unknown>>
  /** Headers of the reply (`Retry-After`). */
  headers?: Readonly<Record<string, string>>
}

/** 401: a visitor JWT or session token is missing, malformed, expired or not for this resource. */
export class UnauthorizedError extends HttpError {
  constructor(message: string, field = 'authorization') {
    super(401, 'Unauthorized', message, field)
  }
}

/**
 * 502/503: Twilio failed or could not be reached. `operation` says what we were doing, so that the
 * visitor and the operator see "Failed to create the Flex chat: ..." rather than a raw upstream error.
 */
export class UpstreamError extends HttpError {
  constructor(
    operation: string,
    detail: string,
    readonly upstreamStatus?: number,
    readonly upstreamCode?: number,
  ) {
    const busy = upstreamStatus === 429
    super(
      busy ? 503 : 502,
      busy ? 'Service Unavailable' : 'Bad Gateway',
      `Failed to ${operation}: ${detail}. Please try again in a moment.`,
    )
    this.name = 'UpstreamError'
  }
}
