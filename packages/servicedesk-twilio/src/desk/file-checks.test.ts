import { describe, expect, it } from 'vitest'
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
    expect(fileProblem(candidate, options)).toBe(problem)
  })

  it('refuses every file when uploads are off', () => {
    expect(fileProblem(file('a.png', 'image/png'), undefined)).toBe('Sending files is not available in this chat.')
  })
})
