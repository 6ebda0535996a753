import { afterAll, afterEach, beforeAll } from 'vitest'
import { server } from './msw-server.js'

// Any request no handler answers is a test bug (or a call to the real Twilio): fail loudly.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())
