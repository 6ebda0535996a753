/**
 * Where the adapter reports what happened. Tokens and session tokens are never passed to it.
 */
export interface Logger {
  debug(message: string, details?: unknown): void
  info(message: string, details?: unknown): void
  warn(message: string, details?: unknown): void
  error(message: string, details?: unknown): void
}

/** By default only warnings and errors reach the browser console. */
export const defaultLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, details) => console.warn(`[servicedesk-twilio] ${message}`, details ?? ''),
  error: (message, details) => console.error(`[servicedesk-twilio] ${message}`, details ?? ''),
}

/** Fills the levels a caller's logger leaves out with silence. */
export function completeLogger(logger: Partial<Logger> | undefined): Logger {
  if (!logger) return defaultLogger
  const silent = () => undefined
  return {
    debug: logger.debug?.bind(logger) ?? silent,
    info: logger.info?.bind(logger) ?? silent,
    warn: logger.warn?.bind(logger) ?? silent,
    error: logger.error?.bind(logger) ?? silent,
  }
}
