import type { ConnectionStatus } from '../connection/protocol.js'
import { connectionBanner } from './connection-banner.js'

interface Props {
  status: ConnectionStatus
  error: string | undefined
  onDismissError(): void
  /** What an outage did (the sandbox restarted, say), until dismissed. */
  notice: string | undefined
  onDismissNotice(): void
}

/** The connection banner (while the socket is down), what an outage did, and the last refused command. */
export function StatusBanners({ status, error, onDismissError, notice, onDismissNotice }: Props) {
  const connection = connectionBanner(status)
  return (
    <>
      {connection && (
        <div className="banner banner-warning" role="status" data-testid="connection-banner">
          {connection}
        </div>
      )}
      {notice && (
        <div className="banner banner-info" role="status" data-testid="console-notice">
          <span>{notice}</span>
          <button type="button" className="button ghost small" onClick={onDismissNotice} aria-label="Dismiss">
            ✕
          </button>
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
