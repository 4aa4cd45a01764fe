import { describe, expect, it } from 'vitest'
import { createHotTaskHandler, type RateLimitOptions } from '../../../src/server'
import { resolveRateLimit } from '../../../src/server/rate-limit/resolve'
import { API_KEY } from '../secret'

const create = (rateLimit: unknown) =>
  createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: ['bot-1'], rateLimit: rateLimit as RateLimitOptions })

describe('rateLimit option: checked when the handler is created', () => {
  it.each([
    ['a number', 10, /rateLimit must be an object/],
    ['null', null, /rateLimit must be an object/],
    ['a string', 'strict', /rateLimit must be an object/],
    ['no limit', { windowMs: 1000 }, /rateLimit\.limit must be a whole number/],
    ['limit 0', { limit: 0, windowMs: 1000 }, /rateLimit\.limit/],
    ['a negative limit', { limit: -1, windowMs: 1000 }, /rateLimit\.limit/],
    ['a fractional limit', { limit: 1.5, windowMs: 1000 }, /rateLimit\.limit/],
    ['limit as a string', { limit: '10', windowMs: 1000 }, /rateLimit\.limit/],
    ['limit Infinity', { limit: Number.POSITIVE_INFINITY, windowMs: 1000 }, /rateLimit\.limit/],
    ['no windowMs', { limit: 1 }, /rateLimit\.windowMs must be a whole number/],
    ['windowMs 0', { limit: 1, windowMs: 0 }, /rateLimit\.windowMs/],
    ['windowMs NaN', { limit: 1, windowMs: Number.NaN }, /rateLimit\.windowMs/],
    ['windowMs past what a timer can wait', { limit: 1, windowMs: 2 ** 31 }, /rateLimit\.windowMs/],
    ['a clientKey that is not a function', { limit: 1, windowMs: 1000, clientKey: 'x-real-ip' }, /clientKey must be a function/],
    ['a store without hit', { limit: 1, windowMs: 1000, store: {} }, /store must be an object with a hit/],
    ['a store whose hit is not a function', { limit: 1, windowMs: 1000, store: { hit: 1 } }, /store must be an object with a hit/],
    ['a null store', { limit: 1, windowMs: 1000, store: null }, /store must be an object with a hit/],
  ])('throws a config error for %s', (_name, rateLimit, message) => {
    expect(() => create(rateLimit)).toThrow(expect.objectContaining({ kind: 'config', message: expect.stringMatching(message) }))
  })

  it('accepts the smallest and the largest settings, and leaving it out', () => {
    expect(() => create({ limit: 1, windowMs: 1 })).not.toThrow()
    expect(() => create({ limit: Number.MAX_SAFE_INTEGER, windowMs: 2 ** 31 - 1 })).not.toThrow()
    expect(() => create(undefined)).not.toThrow()
    expect(() => create({ limit: 1, windowMs: 1000, clientKey: () => 'a', store: { hit: () => ({ count: 1, resetAt: 0 }) } })).not.toThrow()
  })
})

describe('rateLimit without a store', () => {
  it('counts in a memory store of its own that never forgets a blocked client early, however many clients follow', async () => {
    const { store } = resolveRateLimit({ limit: 2, windowMs: 60_000 })!
    await store.hit('flooder', 60_000)
    await store.hit('flooder', 60_000)
    // More new clients than the store tracks (100,000): the ones under the limit make room, the blocked one stays.
    for (let i = 0; i <= 100_000; i++) await store.hit(`other-${i}`, 60_000)
    expect((await store.hit('flooder', 60_000)).count).toBe(3)
  })
})
