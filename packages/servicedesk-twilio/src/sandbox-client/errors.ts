/**
 * Why a sandbox request failed, as classes so that the reconnecting client (and its callers) can tell a
 * dropped socket, which is worth another attempt, from a refusal, which is not.
 */

/**
 * The socket closed before the answer came. `code` is the close code (1006: the connection just dropped),
 * `reason` the server's close reason, if it gave one.
 *
 * @example
 * if (error instanceof ConnectionLost && error.code === SandboxCloseCode.unauthorized) askForANewToken()
 */
export class ConnectionLost extends Error {
  override readonly name = 'ConnectionLost'

  constructor(
    readonly code: number,
    readonly reason = '',
    options?: ErrorOptions,
  ) {
    super(
      `Failed to reach the chat sandbox: the connection closed (code ${code}${reason ? `: ${reason}` : ''}). Please wait while it reconnects.`,
      options,
    )
  }
}

/**
 * No answer in time: the server is slow, or the connection died without either side noticing.
 *
 * @example
 * if (error instanceof NoAnswer) socket.close(SandboxCloseCode.restarting)
 */
export class NoAnswer extends Error {
  override readonly name = 'NoAnswer'
}

/**
 * The server answered a request with `ok: false`: `code` for programs (`conflict`, `unauthorized`, ...), the
 * message, worded by the server, for people.
 *
 * @example
 * if (error instanceof SandboxRefused && error.code === 'conflict') showSignedInElsewhere(error.message)
 */
export class SandboxRefused extends Error {
  override readonly name = 'SandboxRefused'

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}
