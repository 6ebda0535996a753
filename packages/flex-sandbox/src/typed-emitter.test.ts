import { describe, expect, it } from 'vitest'
import { TypedEmitter } from './typed-emitter.js'

interface Events {
  ping: { n: number }
  pong: { s: string }
}

describe('TypedEmitter', () => {
  it('delivers to listeners of the event and to any-listeners, until unsubscribed', () => {
    const events = new TypedEmitter<Events>()
    const got: string[] = []
    const off = events.on('ping', ({ n }) => got.push(`ping ${n}`))
    events.onAny((event) => got.push(`any ${event.type}`))
    events.emit('ping', { n: 1 })
    events.emit('pong', { s: 'x' })
    off()
    events.emit('ping', { n: 2 })
    expect(got).toEqual(['ping 1', 'any ping', 'any pong', 'any ping'])
  })

  it('isolates a throwing listener and reports it with the event name', () => {
    const errors: [unknown, string][] = []
    const events = new TypedEmitter<Events>((error, event) => errors.push([error, event]))
    const got: number[] = []
    events.on('ping', () => {
      throw new Error('boom')
    })
    events.on('ping', ({ n }) => got.push(n))
    events.emit('ping', { n: 7 })
    expect(got).toEqual([7])
    expect(errors).toEqual([[new Error('boom'), 'ping']])
  })
})
