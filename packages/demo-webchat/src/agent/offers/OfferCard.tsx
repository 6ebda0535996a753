import type { AgentState } from '@flex-escalate/api'
import { secondsUntil } from '../time/format.js'
import './offers.css'

type Offer = AgentState['offers'][number]

interface Props {
  offer: Offer
  now: number
  onAccept(reservationSid: string): void
  onReject(reservationSid: string): void
}

/** An incoming chat (or transfer) for this agent, with the time left before it goes to someone else. */
export function OfferCard({ offer, now, onAccept, onReject }: Props) {
  const left = secondsUntil(offer.expiresAt, now)
  return (
    <article className="offer" data-testid="offer" data-reservation-sid={offer.reservationSid} aria-live="polite">
      <div className="offer-head">
        <span className="offer-kind">{offer.purpose === 'transfer' ? 'Transfer' : 'Incoming chat'}</span>
        <span className={`offer-countdown${left <= 10 ? ' urgent' : ''}`} data-testid="offer-countdown" title="Time left to answer">
          {left} s
        </span>
      </div>
      <p className="offer-topic">{offer.topic ?? 'General question'}</p>
      <p className="muted small">{offer.visitorName}</p>
      <div className="offer-actions">
        <button type="button" className="button primary" data-testid="offer-accept" onClick={() => onAccept(offer.reservationSid)}>
          Accept
        </button>
        <button type="button" className="button" data-testid="offer-reject" onClick={() => onReject(offer.reservationSid)}>
          Reject
        </button>
      </div>
    </article>
  )
}
