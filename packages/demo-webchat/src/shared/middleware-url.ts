import { SANDBOX_PATHS } from '@flex-escalate/api/limits'

/**
 * Where the middleware is. Both pages read it from the `middleware` query parameter, so the end-to-end tests
 * can point them at a middleware on a random port; a reload keeps the query string, so the choice survives.
 * Without it, the middleware is assumed on port 4000 of the host that served the page.
 */
export const DEFAULT_MIDDLEWARE_PORT = 4000

/**
 * The middleware's base URL, without a trailing slash (a path such as `/flex` is kept).
 * Throws when the parameter is present but not an absolute http(s) URL: a silent fallback would hide a typo.
 */
export function middlewareUrlFrom(location: Pick<Location, 'search' | 'hostname' | 'protocol'>): string {
  const param = new URLSearchParams(location.search).get('middleware')
  if (param === null || param.trim() === '') {
    const protocol = location.protocol === 'https:' ? 'https:' : 'http:'
    return `${protocol}//${hostForUrl(location.hostname || '127.0.0.1')}:${DEFAULT_MIDDLEWARE_PORT}`
  }
  let url: URL
  try {
    url = new URL(param.trim())
  } catch {
    throw new Error(`The "middleware" query parameter must be an absolute http(s) URL, got "${param}".`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`The "middleware" query parameter must be an http(s) URL, got "${param}".`)
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

/** The agent socket's URL: same host and path prefix as the middleware, WebSocket scheme. */
export function agentSocketUrl(middlewareUrl: string): string {
  const url = new URL(middlewareUrl)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${SANDBOX_PATHS.agent}`
  return url.toString()
}

// `location.hostname` gives IPv6 addresses with brackets already; bare ones (from tests) need them.
function hostForUrl(hostname: string): string {
  return hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname
}
