import type { AgentChat } from '@flex-escalate/api'
import { RATING_SCALE } from '@flex-escalate/api/limits'

/**
 * The visitor's post-chat rating in the wrap-up: the score out of the scale's maximum and their comment, as the
 * task's `rating` and `ratingComment` attributes carry them. Nothing until the visitor rated.
 */
export function RatingSummary({ rating }: { rating: AgentChat['rating'] }) {
  if (!rating) return null
  return (
    <p className="rating-summary" data-testid="chat-rating">
      <span data-testid="chat-rating-score">
        Visitor's rating: {rating.rating}/{RATING_SCALE.max}
      </span>
      {rating.comment && (
        <>
          {' · '}
          <q dir="auto" data-testid="chat-rating-comment">
            {rating.comment}
          </q>
        </>
      )}
    </p>
  )
}
