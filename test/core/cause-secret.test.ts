import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { SECRET, failureWith } from '../support/replies'
import { expectKeyHidden } from './expect-key-hidden'

/** The error of a call whose injected fetch rejects with `reason`. */
const errorWhenFetchRejects = (reason: unknown) => failureWith(() => Promise.reject(reason))

describe('the key never shows through the cause chain', () => {
  it.each([
    ['a nested cause', new TypeError('fetch failed', { cause: new Error('socket', { cause: new Error(`sent ${SECRET}`) }) })],
    ['an AggregateError', new AggregateError([new Error('ipv4'), new Error(`ipv6 ${SECRET}`)], 'all failed')],
    ['an object carrying headers.authorization', { message: 'refused', headers: { authorization: SECRET } }],
    ['a plain string', `could not send ${SECRET}`],
    ['an Error whose own property holds the key', Object.assign(new Error('failed'), { config: { headers: [['authorization', SECRET]] } })],
    ['a Headers object', { request: { headers: new Headers({ authorization: SECRET }) } }],
    ['a Map', new Map([['authorization', SECRET]])],
  ])('when fetch rejects with %s: util.inspect and console.log do not show it', async (_, reason) => {
    const error = await errorWhenFetchRejects(reason)
    expect(error.kind).toBe('network')
    expectKeyHidden(error, SECRET)
    expect(inspect(error, { depth: Infinity })).toContain('[redacted]')
  })

  it('keeps the shape of the chain: names, messages, and what has no key', async () => {
    const root = new Error('ECONNRESET')
    const reason = new TypeError(`bad header ${SECRET}`, { cause: { headers: { authorization: SECRET }, root } })
    const cause = (await errorWhenFetchRejects(reason)).cause as TypeError & { cause: { headers: object; root: Error } }
    expect(cause).toBeInstanceOf(Error)
    expect(cause.name).toBe('TypeError')
    expect(cause.message).toBe('bad header [redacted]')
    expect(cause.cause.headers).toEqual({ authorization: '[redacted]' })
    expect(cause.cause.root).toBeInstanceOf(Error)
    expect(cause.cause.root.message).toBe('ECONNRESET')
  })

  it('keeps a cause without the key as it is, even a cyclic one', async () => {
    const reason = new TypeError('fetch failed') as TypeError & { self?: unknown }
    reason.self = reason
    expect((await errorWhenFetchRejects(reason)).cause).toBe(reason)
  })
})
