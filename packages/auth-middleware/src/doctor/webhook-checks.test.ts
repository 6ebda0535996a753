import { describe, expect, it } from 'vitest'
import type { TwilioConfig } from '../config/config.js'
import { checkWebhookUrl, shownUrl } from './webhook-checks.js'

const settings = (webhookUrl: string) => ({ webhookUrl }) as TwilioConfig

describe('TWILIO_WEBHOOK_URL, checked locally', () => {
  it('passes an https base URL, saying where Twilio posts', () => {
    expect(checkWebhookUrl(settings('https://chat.example.com/base'))).toEqual({
      name: 'webhook-url',
      status: 'pass',
      detail:
        'TWILIO_WEBHOOK_URL=https://chat.example.com/base is the public https base URL: Twilio posts to https://chat.example.com/base/webhooks/twilio/taskrouter',
    })
  })

  it('fails a URL that is not https', () => {
    expect(checkWebhookUrl(settings('http://chat.example.com'))).toMatchObject({
      status: 'fail',
      detail: 'TWILIO_WEBHOOK_URL=http://chat.example.com is not https: Twilio posts webhooks to a public https URL',
    })
  })

  it("fails a webhook's own URL (what the variable used to hold), suggesting its base", () => {
    expect(checkWebhookUrl(settings('https://chat.example.com/api/webhooks/twilio/conversations?x=1'))).toEqual({
      name: 'webhook-url',
      status: 'fail',
      detail:
        'TWILIO_WEBHOOK_URL=https://chat.example.com/api/webhooks/twilio/conversations?x=1 is not a base URL: the server adds the webhook paths (such as /webhooks/twilio/taskrouter) below it',
      fix: 'set TWILIO_WEBHOOK_URL=https://chat.example.com/api, the public base URL of this server',
    })
  })

  it('never prints the password of a URL', () => {
    const result = checkWebhookUrl(settings('https://twilio:hunter2-password@chat.example.com/webhooks/twilio/taskrouter'))
    expect(JSON.stringify(result)).not.toContain('hunter2')
    expect(result.fix).toBe('set TWILIO_WEBHOOK_URL=https://twilio:***@chat.example.com, the public base URL of this server')
    expect(shownUrl('https://chat.example.com/x')).toBe('https://chat.example.com/x')
  })
})
