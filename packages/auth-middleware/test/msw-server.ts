import { setupServer } from 'msw/node'

/** The one msw server of a test worker; `setup.ts` starts it and resets it after each test. */
export const server = setupServer()
