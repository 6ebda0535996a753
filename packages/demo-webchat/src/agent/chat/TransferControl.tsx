import type { AgentState } from '@flex-escalate/api'
import { useState } from 'react'
import { transferCandidates } from './transfer-candidates.js'

export type TransferTarget = { worker: string } | { queue: string }

interface Props {
  state: Pick<AgentState, 'worker' | 'agents' | 'queues'>
  disabled: boolean
  onTransfer(to: TransferTarget): void
}

/**
 * Option values are `worker:<name>` / `queue:<name>`; labels are the bare names, grouped, so a test (or a
 * person) can pick "Bob" or "Billing" by its label.
 */
function parseTarget(value: string): TransferTarget | undefined {
  if (value.startsWith('worker:')) return { worker: value.slice('worker:'.length) }
  if (value.startsWith('queue:')) return { queue: value.slice('queue:'.length) }
  return undefined
}

/** Transfer to a named agent (who must be Available) or to a queue. */
export function TransferControl({ state, disabled, onTransfer }: Props) {
  const [value, setValue] = useState('')
  const others = transferCandidates(state)
  const target = parseTarget(value)

  return (
    <div className="transfer">
      <label className="visually-hidden" htmlFor="transfer-target">
        Transfer to
      </label>
      <select
        id="transfer-target"
        data-testid="transfer-target"
        value={value}
        disabled={disabled}
        onChange={(event) => setValue(event.target.value)}
      >
        <option value="">Transfer to…</option>
        {others.length > 0 && (
          <optgroup label="Agents">
            {others.map((agent) => (
              <option key={agent.sid} value={`worker:${agent.name}`} title={agent.activity}>
                {agent.name}
              </option>
            ))}
          </optgroup>
        )}
        {state.queues.length > 0 && (
          <optgroup label="Queues">
            {state.queues.map((queue) => (
              <option key={queue.sid} value={`queue:${queue.name}`}>
                {queue.name}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      <button
        type="button"
        className="button"
        data-testid="transfer-submit"
        disabled={disabled || !target}
        onClick={() => {
          if (!target) return
          onTransfer(target)
          setValue('')
        }}
      >
        Transfer
      </button>
    </div>
  )
}
