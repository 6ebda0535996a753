/**
 * Issue 15, languages: one whole journey in Spanish. The visitor's browser speaks `es-ES`, so the page's chat
 * does: the assistant greets and answers in Spanish, Carbon's texts and the pre-chat form are the demo's
 * Spanish, `/auth` receives the locale, and the sandbox offers the chat to the agent who speaks Spanish before
 * the one who signed in first and speaks English only. The end notice and the rating come in Spanish too.
 */
import type { Request } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoPerTest } from './demo-session.js'

const demos = demoPerTest()

const isPost = (path: string) => (request: Request) => new URL(request.url()).pathname.endsWith(path) && request.method() === 'POST'

describe('a visitor who speaks Spanish', () => {
  it('is greeted, routed, served, told of the end and asked for a rating in Spanish', async () => {
    const demo = await demos.start()
    // The English-only agent signs in first: without the language, the longest-idle agent would get the chat.
    const emma = await demo.agent('Emma', 'Available', ['en'])
    const sofia = await demo.agent('Sofía', 'Available', ['es'])
    const visitor = await demo.visitor({ locale: 'es-ES' })

    await visitor.expectText('¡Hola! Soy el asistente virtual de esta tienda. ¿En qué puedo ayudarle?')
    // The shop's page stays English; the chat says it is Spanish.
    expect(await visitor.page.locator('html').getAttribute('lang')).toBe('en')
    expect(await visitor.page.getByTestId('visitor-chat').getAttribute('lang')).toBe('es-ES')

    const asked = visitor.page.waitForRequest(isPost('/assistant/message'))
    await visitor.send('Me cobraron dos veces')
    expect((await asked).postDataJSON()).toMatchObject({ text: 'Me cobraron dos veces', locale: 'es-ES' })
    await visitor.expectText('Nuestro equipo de facturación es quien mejor resuelve las preguntas de facturación.')
    await visitor.expectText('Un agente le atenderá en breve.')
    // Carbon's card button, in the demo's Spanish for Carbon.
    const request = visitor.page.locator('.cds-aichat--connect-to-human-agent__request-button').last()
    await expect.poll(() => request.textContent()).toContain('Hablar con un agente')

    await visitor.openPreChat()
    const form = ((await visitor.preChatDialog.textContent()) ?? '').replace(/\s+/g, ' ')
    for (const text of ['Antes de conectarle', 'Nombre (opcional)', 'Número de pedido (opcional)', 'Cancelar', 'Hablar con un agente']) {
      expect(form).toContain(text)
    }
    expect(form).not.toContain('optional)')
    const auth = visitor.page.waitForRequest(isPost('/auth'))
    await visitor.answerPreChat({ name: 'Lucía García', orderNumber: 'A-1042' })
    expect((await auth).postDataJSON()).toMatchObject({ locale: 'es-ES', preChat: { name: 'Lucía García', orderNumber: 'A-1042' } })

    // The offer goes to the agent who speaks Spanish, and not to the English one while it is pending.
    await sofia.offerAccept.waitFor({ state: 'visible', timeout: 20_000 })
    expect(await emma.offerAccept.count()).toBe(0)
    await sofia.acceptOffer()
    await visitor.expectText('Sofía se ha conectado.')
    expect(await visitor.countText('Sofía connected.')).toBe(0)
    // The hand-over as the visitor sees it: Carbon's card, notice, banner and input in the demo's Spanish.
    await demo.screenshot(visitor.page, 'visitor-spanish')

    await visitor.send('Hola, me cobraron dos veces el pedido A-1042')
    await sofia.expectMessage('Hola, me cobraron dos veces el pedido A-1042')
    await sofia.send('Lo siento mucho, Lucía. Ahora mismo reviso el cobro.')
    await visitor.expectMessage('Lo siento mucho, Lucía. Ahora mismo reviso el cobro.')

    await sofia.end()
    await visitor.expectText('¿Qué tal fue su chat con Sofía? Valórelo del 1 (malo) al 5 (excelente).')
    await visitor.chooseRating('5')
    await visitor.expectText('¡Gracias! ¿Quiere añadir algo? Escríbalo abajo o elija Omitir.')
    await visitor.chooseRating('Omitir')
    await visitor.expectText('Gracias por su opinión.')
    await visitor.expectText('Sofía ha finalizado el chat.')
    expect(await visitor.countText('Sofía ended the chat.')).toBe(0)
    await expect.poll(() => sofia.page.getByTestId('chat-rating-score').textContent(), { timeout: 15_000 }).toContain('5/5')
    expect(await emma.chatCount()).toBe(0)
  })
})
