import { describe, expect, it } from 'vitest'
import { isoDurationSeconds } from './iso-duration.js'

describe('isoDurationSeconds', () => {
  it.each([
    ['PT1M', 60],
    ['PT1H30M', 5400],
    ['P1D', 86_400],
    ['P1DT2H3M4S', 93_784],
  ])('%s is %i seconds', (text, seconds) => expect(isoDurationSeconds(text)).toBe(seconds))

  it.each(['', 'P', 'PT', 'P1DT', '1H', 'PT1.5H', 'P1M2D', 'P1Y', 'pt1h'])('refuses %j', (text) =>
    expect(isoDurationSeconds(text)).toBeUndefined(),
  )
})
