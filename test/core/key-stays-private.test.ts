import { describe, expect, it } from 'vitest'
import { assertKeyStaysPrivate } from '../../src/core/config'
import { SECRET } from '../support/replies'

// What HotTaskProvider checks in a server render, where there is no page `location`.
describe('assertKeyStaysPrivate where the config is exposed, without a page location', () => {
  it('refuses apiKey, and an Authorization header to an absolute baseUrl', () => {
    expect(typeof location).toBe('undefined')
    expect(() => assertKeyStaysPrivate({ apiKey: SECRET }, true)).toThrow(/proxy mode/)
    expect(() => assertKeyStaysPrivate({ headers: { authorization: SECRET } }, true)).toThrow(/Authorization header/)
    expect(() => assertKeyStaysPrivate({ baseUrl: 'https://api.example', headers: [['Authorization', SECRET]] }, true)).toThrow(/Authorization/)
  })

  it('accepts an Authorization header to a relative baseUrl (your proxy route), and a headers function until it is called', () => {
    expect(() => assertKeyStaysPrivate({ baseUrl: '/api/hottask', headers: { authorization: 'Bearer user' } }, true)).not.toThrow()
    expect(() => assertKeyStaysPrivate({ headers: () => ({ authorization: SECRET }) }, true)).not.toThrow()
  })

  it('accepts everything with dangerouslyAllowBrowser, or where the config is not exposed', () => {
    const config = { apiKey: SECRET, headers: { authorization: SECRET } }
    expect(() => assertKeyStaysPrivate({ ...config, dangerouslyAllowBrowser: true }, true)).not.toThrow()
    expect(() => assertKeyStaysPrivate(config, false)).not.toThrow()
  })

  it('leaves invalid headers to the call, which reports them', () => {
    expect(() => assertKeyStaysPrivate({ headers: [['bad header', 'x']] }, true)).not.toThrow()
  })
})
