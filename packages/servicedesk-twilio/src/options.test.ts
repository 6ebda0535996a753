import { describe, expect, it } from 'vitest'
import { en } from './i18n/en.js'
import { es } from './i18n/es.js'
import { fr } from './i18n/fr.js'
import { loadPhrasebook } from './i18n/visitor-locale.js'
import {
  DEFAULT_AVAILABILITY_POLL_MS,
  DEFAULT_WAITING_RECONNECT_TIMEOUT_MS,
  resolveOptions,
  type TwilioFlexServiceDeskOptions,
} from './options.js'

const base = { middlewareUrl: 'https://support.example.test/flex' }
const attempt = (options: unknown) => () => resolveOptions(options as TwilioFlexServiceDeskOptions)

describe('resolveOptions', () => {
  it('applies the defaults and normalises the URL to end with a slash', () => {
    const resolved = resolveOptions(base)
    expect(resolved.middlewareUrl).toBe('https://support.example.test/flex/')
    expect(resolved.availabilityPollMs).toBe(DEFAULT_AVAILABILITY_POLL_MS)
    expect(resolved.fileUpload).toBeUndefined()
    expect(resolved.waitingReconnectTimeoutMs).toBe(DEFAULT_WAITING_RECONNECT_TIMEOUT_MS)
    expect(resolveOptions({ ...base, waitingReconnectTimeoutMs: 5_000 }).waitingReconnectTimeoutMs).toBe(5_000)
  })

  it.each([
    [{}, /middlewareUrl is required/],
    [{ middlewareUrl: '/relative' }, /middlewareUrl must be an absolute http\(s\) URL/],
    [{ middlewareUrl: 'ftp://x.test' }, /middlewareUrl must use http or https/],
    [{ middlewareUrl: 'https://x.test/?a=1' }, /must not contain a query/],
    [{ ...base, fileUpload: { maxBytes: 0, accept: 'image/*' } }, /fileUpload.maxBytes must be a positive whole number/],
    [{ ...base, fileUpload: { maxBytes: 10, accept: '' } }, /fileUpload.accept must list/],
    [{ ...base, availabilityPollMs: 100 }, /availabilityPollMs must be a number of milliseconds of at least 2000/],
    [{ ...base, waitingReconnectTimeoutMs: 10 }, /waitingReconnectTimeoutMs must be a number of milliseconds of at least 1000/],
    [{ ...base, getVisitorToken: 'jwt' }, /getVisitorToken must be a function/],
    [{ ...base, logger: 'console' }, /logger must be an object/],
    [{ ...base, locale: 'Spanish' }, /locale must be a BCP 47 language tag such as "es" or "pt-BR", got "Spanish"/],
    [{ ...base, locale: 34 }, /locale must be a BCP 47 language tag/],
    [{ ...base, messages: 'hola' }, /messages must be an object of sentences by key/],
    [{ ...base, messages: { ratingSkp: 'Later' } }, /messages.ratingSkp is not a sentence the adapter shows/],
    [{ ...base, messages: { ratingSkip: '  ' } }, /messages.ratingSkip must be a non-empty string/],
    [
      { ...base, messages: { ratingPrompt: 'Rate {agnt}' } },
      /messages.ratingPrompt uses \{agnt\}, which this sentence does not have.*use only \{agent\}/,
    ],
  ])('rejects %j, naming the option and the fix', (options, message) => {
    expect(attempt(options)).toThrow(message)
    expect(attempt(options)).toThrow(/^Failed to create the Twilio Flex service desk: .+\. Please .+\.$/)
  })

  it('fills missing logger levels with silence', () => {
    const warnings: string[] = []
    const { logger } = resolveOptions({ ...base, logger: { warn: (message) => warnings.push(message) } })
    logger.debug('ignored')
    logger.warn('kept')
    expect(warnings).toEqual(['kept'])
  })

  it("picks the visitor's sentences: the locale option, else the browser's, with the page's messages over them", async () => {
    const sentences = async (options: Partial<TwilioFlexServiceDeskOptions>) => {
      const resolved = resolveOptions({ ...base, ...options })
      return loadPhrasebook(resolved.locale, resolved.messages)
    }
    expect((await sentences({ locale: 'es-MX' })).say('ratingSkip')).toBe(es.ratingSkip)
    expect(resolveOptions({ ...base, locale: 'es-MX' }).locale).toBe('es-MX')
    // Before the catalog chunk is loaded: English, with the page's own sentences.
    expect(resolveOptions({ ...base, locale: 'es', messages: { ratingSkip: 'Luego' } }).phrasebook.say('ratingSkip')).toBe('Luego')
    const reworded = await sentences({ locale: 'fr', messages: { ratingSkip: 'Plus tard' } })
    expect([reworded.say('ratingSkip'), reworded.say('ratingThanks')]).toEqual(['Plus tard', fr.ratingThanks])
  })

  it('warns once when the locale has no catalog and no messages, and the visitor reads English', () => {
    const warnings: string[] = []
    const resolved = resolveOptions({ ...base, locale: 'ja', logger: { warn: (message) => warnings.push(message) } })
    expect(resolved.phrasebook.say('ratingSkip')).toBe(en.ratingSkip)
    expect(resolved.locale).toBe('ja')
    expect(warnings).toEqual([expect.stringMatching(/no sentences in "ja".*Please pass messages/)])
    resolveOptions({ ...base, locale: 'ja', messages: { ratingSkip: 'スキップ' }, logger: { warn: (message) => warnings.push(message) } })
    expect(warnings).toHaveLength(1)
  })
})
