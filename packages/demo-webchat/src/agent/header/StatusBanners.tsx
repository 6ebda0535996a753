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
      {notice && <DismissableBanner kind="info" role="status" testId="console-notice" text={notice} onDismiss={onDismissNotice} />}
      {error && <DismissableBanner kind="error" role="alert" testId="console-error" text={error} onDismiss={onDismissError} />}
    </>
  )
}

/** A banner the agent closes with its ✕. */
function DismissableBanner(props: {
  kind: 'info' | 'error'
  role: 'status' | 'alert'
  testId: string
  text: string
  onDismiss: () => void
}) {
  return (
    <div className={`banner banner-${props.kind}`} role={props.role} data-testid={props.testId}>
      <span>{props.text}</span>
      <button type="button" className="button ghost small" onClick={props.onDismiss} aria-label="Dismiss">
        ✕
      </button>
    </div>
  )
}
