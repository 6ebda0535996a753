import { describe, expect, it } from 'vitest'
import { parseLanguages } from './languages.js'

describe('parseLanguages', () => {
  it('reads the tags an agent typed, each once, in order', () => {
    expect(parseLanguages('es, en-GB;es  fr')).toEqual(['es', 'en-GB', 'fr'])
  })

  it('leaves out what is no language tag, and keeps at most ten', () => {
    expect(parseLanguages('Spanish!, 12, e')).toEqual([])
    expect(parseLanguages('')).toEqual([])
    expect(parseLanguages('aa ab ac ad ae af ag ah ai aj ak')).toHaveLength(10)
  })
})
