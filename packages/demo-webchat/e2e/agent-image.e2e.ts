/**
 * Issue 15, rich agent messages: a file an agent attaches in the console reaches the visitor as the host's own
 * item, an image inline and a document as a download button, and both still work after a page reload (the
 * sandbox's files are data: URLs; on Twilio the adapter shows the middleware's lasting links instead).
 */
import { describe, expect, it } from 'vitest'
import { demoPerTest } from './demo-session.js'

const demos = demoPerTest()

/** A real 240×140 PNG, drawn by the browser: what an agent's screenshot would be. */
async function drawnPng(page: import('playwright-core').Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 240
    canvas.height = 140
    const context = canvas.getContext('2d')
    if (!context) throw new Error('Failed to draw the test image: no 2D canvas context.')
    context.fillStyle = '#1f6f4a'
    context.fillRect(0, 0, 240, 140)
    context.fillStyle = '#ffffff'
    context.font = 'bold 28px sans-serif'
    context.fillText('Order A-1042', 24, 80)
    return canvas.toDataURL('image/png')
  })
  return Buffer.from(dataUrl.split(',')[1] ?? '', 'base64')
}
const PDF = Buffer.from('%PDF-1.4\n% the terms\n')

describe("the agent's files", () => {
  it('an image shows inline and a document downloads, before and after a reload', async () => {
    const demo = await demos.start()
    const alice = await demo.agent('Alice')
    const visitor = await demo.visitor()
    await demo.escalate(visitor, alice, 'I was charged twice')

    await alice.sendFiles(
      [
        { name: 'order.png', mimeType: 'image/png', buffer: await drawnPng(alice.page) },
        { name: 'terms.pdf', mimeType: 'application/pdf', buffer: PDF },
      ],
      'Here is the **screenshot** and our terms',
    )
    await visitor.expectMessage(/Here is the screenshot and our terms/)
    const image = visitor.page.locator('img[alt="File from the agent: order.png"]')
    const download = visitor.page.getByRole('button', { name: 'File from the agent: terms.pdf' })

    /** The image decoded (not a broken icon), and a click on the document's button downloads it whole. */
    async function bothWork(): Promise<void> {
      await image.waitFor({ timeout: 20_000 })
      // `decode()` settles once the image is loaded and decoded, and rejects for a broken one: an event, no polling.
      expect(await image.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBe(240)
      const downloaded = visitor.page.waitForEvent('download', { timeout: 10_000 })
      await download.click()
      const file = await downloaded
      expect(file.suggestedFilename()).toBe('terms.pdf')
      const path = await file.path()
      const { readFile } = await import('node:fs/promises')
      expect((await readFile(path)).equals(PDF)).toBe(true)
    }

    await bothWork()
    await demo.screenshot(visitor.page, 'visitor-agent-image')

    await visitor.page.reload()
    await visitor.input.waitFor({ timeout: 30_000 })
    await bothWork()
    // Restored once, not doubled by the resumed chat.
    expect(await image.count()).toBe(1)
  })
})
