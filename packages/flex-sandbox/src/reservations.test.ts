import { describe, expect, it, vi } from 'vitest'
import { createManualClock } from './manual-clock.js'
import { ReservationBook } from './reservations.js'

describe('ReservationBook', () => {
  it("finds a task's open offer among its closed ones, and forgets a task's reservations only", () => {
    const clock = createManualClock()
    const book = new ReservationBook(clock, 1000)
    const onTimeout = vi.fn()
    const declined = book.open({ taskSid: 'WT1', workerSid: 'WK1', purpose: 'routing' }, onTimeout)
    book.settle(declined, 'rejected')
    const open = book.open({ taskSid: 'WT1', workerSid: 'WK2', purpose: 'routing' }, onTimeout)
    const other = book.open({ taskSid: 'WT2', workerSid: 'WK1', purpose: 'routing' }, onTimeout)
    expect(book.pendingFor('WT1')).toBe(open)
    expect(book.pendingFor('WT3')).toBeUndefined()
    book.forgetTask('WT1')
    expect([book.get(declined.sid), book.get(open.sid), book.pendingFor('WT1')]).toEqual([undefined, undefined, undefined])
    // Its open offer was settled: its timer is gone too.
    expect(open.status).toBe('rescinded')
    expect(book.pendingFor('WT2')).toBe(other)
    clock.advance(1000)
    expect(onTimeout.mock.calls).toEqual([[other]])
  })
})
