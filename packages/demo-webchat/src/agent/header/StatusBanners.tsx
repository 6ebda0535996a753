import type { ConnectionStatus } from '../connection/protocol.js'

interface Props {
  status: ConnectionStatus
  error: string | undefined
  onDismissError(): void
}

/** The connection banner (while the socket is down) and the last refused command. */
export function StatusBanners({ status, error, onDismissError }: Props) {
  return (
    <>
      {(status === 'reconnecting' || status === 'connecting') && (
        <div className="banner banner-warning" role="status" data-testid="connection-banner">
          {status === 'reconnecting'
            ? 'Connection to the sandbox lost. Reconnecting… your chats are kept for a few seconds.'
            : 'Connecting to the sandbox…'}
        </div>
      )}
      {error && (
        <div className="banner banner-error" role="alert" data-testid="console-error">
          <span>{error}</span>
          <button type="button" className="button ghost small" onClick={onDismissError} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}
    </>
  )
}
