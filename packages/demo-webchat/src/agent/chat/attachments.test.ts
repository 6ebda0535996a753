import { describe, expect, it } from 'vitest'
import { addAttachments, attachmentViews } from './attachments.js'

const file = (name: string, type: string, bytes: number) => new File([new Uint8Array(bytes)], name, { type })

describe('attachmentViews', () => {
  it('shows pictures as thumbnails and other files as links, in the order sent', () => {
    const views = attachmentViews([
      { filename: 'photo.png', contentType: 'image/png', size: 2048, url: 'data:image/png;base64,AA==', sid: `ME${'a'.repeat(32)}` },
      { filename: 'invoice.pdf', contentType: 'application/pdf', size: 1_234_567, url: 'data:application/pdf;base64,AA==' },
      { filename: 'lost.png', contentType: 'image/png', size: 10 },
    ])
    expect(views).toEqual([
      { kind: 'image', name: 'photo.png', label: 'photo.png, 2 KB', url: 'data:image/png;base64,AA==', key: `ME${'a'.repeat(32)}` },
      { kind: 'file', name: 'invoice.pdf', label: 'invoice.pdf, 1.2 MB', url: 'data:application/pdf;base64,AA==', key: '1' },
      { kind: 'file', name: 'lost.png', label: 'lost.png, 10 bytes', url: undefined, key: '2' },
    ])
    expect(attachmentViews(undefined)).toEqual([])
  })
})

describe('addAttachments', () => {
  it('attaches the files the sandbox takes and names each refused one with its reason', () => {
    const kept = file('kept.pdf', 'application/pdf', 10)
    const { files, problems } = addAttachments(
      [kept],
      [
        file('photo.png', 'image/png', 100),
        file('empty.txt', 'text/plain', 0),
        file('big.png', 'image/png', 1_000_001),
        file('a.zip', 'application/zip', 5),
      ],
    )
    expect(files.map((f) => f.name)).toEqual(['kept.pdf', 'photo.png'])
    expect(problems).toEqual([
      'The file empty.txt is empty (0 bytes), so there is nothing to send. Please choose another file.',
      'The file big.png is too big: 1,000,001 bytes; the limit is 1,000,000 bytes (1 MB). Please send a smaller file.',
      'The file a.zip (application/zip) is not a type the chat takes: image/*, .pdf, .txt. Please send another file.',
    ])
  })

  it('takes no more files than a message carries', () => {
    const ten = Array.from({ length: 10 }, (_, n) => file(`${n}.txt`, 'text/plain', 1))
    const { files, problems } = addAttachments(ten, [file('eleventh.txt', 'text/plain', 1)])
    expect(files).toHaveLength(10)
    expect(problems).toEqual(['A message can carry at most 10 files; this one has 11. Please send the rest in another message.'])
  })
})
