import { afterAll, afterEach, beforeAll } from 'vitest'
import { server } from './msw-server.js'

// Any outside request no handler answers is a test bug (or a call to the real Twilio): fail loudly.
// Loopback is the test's own server, reached for real.
beforeAll(() =>
  server.listen({
    onUnhandledRequest(request, print) {
      if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(request.url).hostname)) print.error()
    },
  }),
)
afterEach(() => server.resetHandlers())
afterAll(() => server.close())
