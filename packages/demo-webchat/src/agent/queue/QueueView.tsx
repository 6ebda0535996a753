import type { AgentState } from '@flex-escalate/api'
import { formatDuration } from '../time/format.js'
import './queue.css'

interface Props {
  waiting: AgentState['waiting']
  /** When the state arrived, and now: `waitingSeconds` is as of the state. */
  stateAt: number
  now: number
  canPick: boolean
  onPick(taskSid: string): void
}

/** Chats waiting in this agent's queues, first in line first; any of them can be cherry-picked. */
export function QueueView({ waiting, stateAt, now, canPick, onPick }: Props) {
  const elapsed = Math.max(0, (now - stateAt) / 1000)
  return (
    <section className="panel" aria-labelledby="queue-title">
      <h2 id="queue-title">
        Queue <span className="count">{waiting.length}</span>
      </h2>
      {waiting.length === 0 ? (
        <p className="muted empty">No chats waiting.</p>
      ) : (
        <ul className="queue-list">
          {waiting.map((row) => (
            <li key={row.taskSid} className="queue-row" data-testid="queue-row" data-task-sid={row.taskSid}>
              <span className="queue-position" title="Position in queue">
                #{row.position}
              </span>
              <span className="queue-main">
                <span className="queue-topic">{row.topic ?? row.queue}</span>
                <span className="muted small">
                  {row.visitorName}
                  {row.topic && row.topic !== row.queue ? ` · ${row.queue}` : ''}
                </span>
              </span>
              <span className="queue-wait" title="Time waiting">
                {formatDuration(row.waitingSeconds + elapsed)}
              </span>
              <button
                type="button"
                className="button small"
                data-testid="queue-pick"
                disabled={!canPick}
                onClick={() => onPick(row.taskSid)}
              >
                Pick
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
