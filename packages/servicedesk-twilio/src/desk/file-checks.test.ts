import { describe, expect, it } from 'vitest'
import { ENGLISH } from '../i18n/phrasebook.js'
import { loadPhrasebook } from '../i18n/visitor-locale.js'
import { fileProblem } from './file-checks.js'

const file = (name: string, type: string, size = 10) => new File([new Uint8Array(size)], name, { type })
const options = { maxBytes: 1_500_000, accept: 'image/*, .pdf, text/plain' }

describe('fileProblem', () => {
  it.each([
    [file('a.PNG', 'image/png'), undefined],
    [file('b.pdf', ''), undefined],
    [file('c.txt', 'text/plain'), undefined],
    [file('d.zip', 'application/zip'), 'This type of file cannot be sent. Allowed: image/*, .pdf, text/plain.'],
    [file('e.png', 'image/png', 2_000_000), 'This file is too large (2 MB). The limit is 1.5 MB.'],
    [file('f.png', 'image/png', 1_500_001), 'This file is too large (1,500,001 bytes). The limit is 1,500,000 bytes (1.5 MB).'],
    [file('g.png', 'image/png', 0), 'This file is empty (0 bytes), so there is nothing to send. Please choose another file.'],
  ])('%s → %s', (candidate, problem) => {
    expect(fileProblem(candidate, options, ENGLISH)).toBe(problem)
  })

  it('refuses every file when uploads are off', () => {
    expect(fileProblem(file('a.png', 'image/png'), undefined, ENGLISH)).toBe('Sending files is not available in this chat.')
  })

  it("says it in the visitor's language, sizes in its number format", async () => {
    const spanish = await loadPhrasebook('es')
    expect(fileProblem(file('e.png', 'image/png', 2_000_000), options, spanish)).toBe(
      'Este archivo es demasiado grande (2 MB). El límite es de 1,5 MB.',
    )
    expect(fileProblem(file('f.png', 'image/png', 1_500_001), options, await loadPhrasebook('de'))).toMatch(
      /1\.500\.001 Byte.*1\.500\.000 Byte.*1,5 MB/,
    )
    expect(fileProblem(file('d.zip', 'application/zip'), options, await loadPhrasebook('fr'))).toContain('image/*, .pdf, text/plain')
    expect(fileProblem(file('d.zip', 'application/zip'), options, await loadPhrasebook('fr'))).not.toBe(
      fileProblem(file('d.zip', 'application/zip'), options, ENGLISH),
    )
  })
})
