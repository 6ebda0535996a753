/** Sequential round trips from the Twilio fake's timestamps (round-trips.mjs). Run by the root `npm test`. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sequentialRoundTrips } from './round-trips.mjs'

const call = (/** @type {string} */ op, /** @type {number} */ startMs, /** @type {number} */ endMs) => ({ op, startMs, endMs })

test('calls one after another are one round trip each', () => {
  assert.equal(sequentialRoundTrips([call('a', 0, 150), call('b', 151, 301), call('c', 302, 452), call('d', 453, 603)]), 4)
})

test('calls made at the same time share a round trip, in whatever order the trace lists them', () => {
  // Ours on Conversations: the conversation, then the summary and the Interaction at once.
  assert.equal(sequentialRoundTrips([call('interaction', 152, 302), call('conversation', 0, 151), call('summary', 151, 301)]), 2)
})

test('a call that starts before the wave before it has ended belongs to that wave', () => {
  assert.equal(sequentialRoundTrips([call('a', 0, 150), call('b', 100, 250), call('c', 250, 400)]), 2)
  assert.equal(sequentialRoundTrips([]), 0)
})
