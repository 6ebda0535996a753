import { describe, expect, it } from 'vitest'
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
})
