import { describe, expect, it } from 'vitest'
import { agentSocketUrl, middlewareUrlFrom } from './middleware-url.js'

const at = (search: string, hostname = 'shop.test', protocol = 'http:') => ({ search, hostname, protocol })

describe('middlewareUrlFrom', () => {
  it('defaults to port 4000 on the page host', () => {
    expect(middlewareUrlFrom(at(''))).toBe('http://shop.test:4000')
    expect(middlewareUrlFrom(at('?other=1', '127.0.0.1'))).toBe('http://127.0.0.1:4000')
    expect(middlewareUrlFrom(at('', 'shop.test', 'https:'))).toBe('https://shop.test:4000')
  })

  it('takes the middleware query parameter, without a trailing slash', () => {
    expect(middlewareUrlFrom(at('?middleware=http://127.0.0.1:4123'))).toBe('http://127.0.0.1:4123')
    expect(middlewareUrlFrom(at('?middleware=http%3A%2F%2F127.0.0.1%3A4123%2F'))).toBe('http://127.0.0.1:4123')
    expect(middlewareUrlFrom(at('?middleware=https://x.example/flex/'))).toBe('https://x.example/flex')
  })

  it('refuses a parameter that is not an absolute http(s) URL', () => {
    expect(() => middlewareUrlFrom(at('?middleware=/flex'))).toThrow(/absolute http\(s\) URL, got "\/flex"/)
    expect(() => middlewareUrlFrom(at('?middleware=ftp://x.example'))).toThrow(/http\(s\) URL/)
  })
})

describe('agentSocketUrl', () => {
  it('derives ws(s):// and keeps a path prefix', () => {
    expect(agentSocketUrl('http://127.0.0.1:4123')).toBe('ws://127.0.0.1:4123/sandbox/agent')
    expect(agentSocketUrl('https://x.example/flex')).toBe('wss://x.example/flex/sandbox/agent')
  })
})
