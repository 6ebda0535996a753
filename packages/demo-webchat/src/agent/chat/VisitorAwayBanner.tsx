import type { AgentChat } from '@flex-escalate/api'
import { formatDuration, secondsUntil } from '../time/format.js'
import { useNow } from '../time/use-now.js'

interface Props {
  away: NonNullable<AgentChat['visitorAway']>
}

/**
 * The presence mark: the visitor left the page (closed the tab, navigated away, their device went quiet),
 * and the chat ends at `away.endsAt` unless they come back, with the time left counting down.
 */
export function VisitorAwayBanner({ away }: Props) {
  const now = useNow(1000)
  return (
    <div className="banner banner-warning visitor-away" role="status" data-testid="visitor-away">
      <span className="presence-dot" aria-hidden="true" />
      The visitor left the page. The chat ends in {formatDuration(secondsUntil(away.endsAt, now))} unless they come back.
    </div>
  )
}
