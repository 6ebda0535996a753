import type { Clock, TimerHandle } from './clock.js'
import type { Draft, Reservation, ReservationStatus } from './model.js'
import { newSid } from './sids.js'

export interface OpenReservation {
  taskSid: string
  workerSid: string
  purpose: Reservation['purpose']
  transferSid?: string | undefined
}

/**
 * Offers and their timers. The book only records; what a timeout or an answer means for the task is the
 * router's business, given to it through `onTimeout`.
 */
export class ReservationBook {
  private readonly records = new Map<string, Draft<Reservation>>()
  /**
   * Each task's reservations, oldest first, so that the per-operation lookups (`pendingFor`, `forgetTask`)
   * read a task's few offers rather than every reservation kept with the finished tasks.
   */
  private readonly byTask = new Map<string, Draft<Reservation>[]>()
  private readonly timers = new Map<string, TimerHandle>()

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  open(input: OpenReservation, onTimeout: (reservation: Draft<Reservation>) => void): Draft<Reservation> {
    const now = this.clock.now()
    const reservation: Draft<Reservation> = {
      sid: newSid('WR'),
      taskSid: input.taskSid,
      workerSid: input.workerSid,
      status: 'pending',
      purpose: input.purpose,
      transferSid: input.transferSid,
      createdAt: now,
      expiresAt: now + this.timeoutMs,
    }
    this.records.set(reservation.sid, reservation)
    const ofTask = this.byTask.get(reservation.taskSid)
    if (ofTask) ofTask.push(reservation)
    else this.byTask.set(reservation.taskSid, [reservation])
    this.timers.set(
      reservation.sid,
      this.clock.setTimeout(() => {
        this.timers.delete(reservation.sid)
        if (reservation.status === 'pending') onTimeout(reservation)
      }, this.timeoutMs),
    )
    return reservation
  }

  get(sid: string): Draft<Reservation> | undefined {
    return this.records.get(sid)
  }

  require(sid: string, action: string): Draft<Reservation> {
    const reservation = this.records.get(sid)
    if (!reservation)
      throw new Error(`Failed to ${action}: there is no reservation ${sid}. Its task may be finished; please wait for the next offer.`)
    return reservation
  }

  /** The open offer for a task; the router keeps at most one per task at a time. */
  pendingFor(taskSid: string): Draft<Reservation> | undefined {
    return this.byTask.get(taskSid)?.find((reservation) => reservation.status === 'pending')
  }

  /** Records the answer and stops the timeout. */
  settle(reservation: Draft<Reservation>, status: Exclude<ReservationStatus, 'pending'>): void {
    reservation.status = status
    const timer = this.timers.get(reservation.sid)
    if (timer !== undefined) this.clock.clearTimeout(timer)
    this.timers.delete(reservation.sid)
  }

  /** Forgets every reservation of a finished task (bounded memory). */
  forgetTask(taskSid: string): void {
    for (const reservation of this.byTask.get(taskSid) ?? []) {
      if (reservation.status === 'pending') this.settle(reservation, 'rescinded')
      this.records.delete(reservation.sid)
    }
    this.byTask.delete(taskSid)
  }

  dispose(): void {
    for (const timer of this.timers.values()) this.clock.clearTimeout(timer)
    this.timers.clear()
  }
}

/** Why a reservation can no longer be answered, phrased for the agent who tried. */
export function closedReason(reservation: Reservation): string {
  switch (reservation.status) {
    case 'timeout':
      return `it timed out at ${new Date(reservation.expiresAt).toISOString()}`
    case 'rejected':
      return 'it was rejected'
    case 'rescinded':
      return 'it was withdrawn (the visitor left, someone else took the task, or the agent became unavailable)'
    default:
      return `it is ${reservation.status}`
  }
}
