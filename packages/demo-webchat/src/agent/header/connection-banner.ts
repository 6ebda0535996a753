import type { ConnectionStatus } from '../connection/protocol.js'

/**
 * The connection banner's words, or undefined once connected (or signed out, or refused: the form says why).
 * While the middleware is down the console says it is reconnecting, and no more: whether the chats survive
 * is only known when it is back (a restarted sandbox has none), and then the console says so.
 *
 * @example
 * connectionBanner('reconnecting') // 'Connection to the sandbox lost. Reconnecting…'
 */
export function connectionBanner(status: ConnectionStatus): string | undefined {
  if (status === 'reconnecting') return 'Connection to the sandbox lost. Reconnecting… Nothing can be sent until it is back.'
  if (status === 'connecting') return 'Connecting to the sandbox…'
  return undefined
}
