import { afterEach, describe, expect, it, vi } from 'vitest'
import { HotTaskError } from '../../src/core/errors'
import { messageRetryDelayMs, retryDelayMs } from '../../src/core/retry'
import { retryAfterMs } from '../../src/core/retry-after'

const unavailable = (retryAfter?: number) => new HotTaskError('http', 'x', { status: 503, retryAfterMs: retryAfter })

describe('retryDelayMs', () => {
  afterEach(() => vi.restoreAllMocks())

  it('doubles from 500 ms, less up to a quarter of jitter, up to 8 s', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    expect([0, 1, 2, 3, 4, 5].map((n) => retryDelayMs(unavailable(), n, 10))).toEqual([500, 1000, 2000, 4000, 8000, 8000])
    vi.spyOn(Math, 'random').mockReturnValue(1)
    expect([0, 1].map((n) => retryDelayMs(unavailable(), n, 10))).toEqual([375, 750])
  })

  it('gives up when the retries are used', () => {
    expect(retryDelayMs(unavailable(), 2, 2)).toBeUndefined()
    expect(retryDelayMs(unavailable(), 0, 0)).toBeUndefined()
  })

  it('never retries what is not retryable', () => {
    expect(retryDelayMs(new HotTaskError('http', 'x', { status: 401 }), 0, 5)).toBeUndefined()
    expect(retryDelayMs(new HotTaskError('api', 'x'), 0, 5)).toBeUndefined()
    expect(retryDelayMs(new Error('plain'), 0, 5)).toBeUndefined()
  })

  it('waits as long as Retry-After asks, up to 60 s', () => {
    expect(retryDelayMs(unavailable(2000), 0, 2)).toBe(2000)
    expect(retryDelayMs(unavailable(0), 0, 2)).toBe(0)
    expect(retryDelayMs(unavailable(60_000), 0, 2)).toBe(60_000)
    expect(retryDelayMs(unavailable(60_001), 0, 2)).toBeUndefined()
  })

  it('gives callers that shared one failed attempt the same wait, so their retries meet again', () => {
    const shared = unavailable()
    const first = retryDelayMs(shared, 1, 5)
    expect(retryDelayMs(shared, 1, 5)).toBe(first)
    vi.spyOn(Math, 'random').mockReturnValueOnce(0).mockReturnValueOnce(1)
    expect([retryDelayMs(unavailable(), 0, 5), retryDelayMs(unavailable(), 0, 5)]).toEqual([500, 375])
  })
})

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-25T12:00:00Z')
  const read = (headers: Record<string, string>) => retryAfterMs(new Headers(headers), now)

  it('reads seconds', () => {
    expect(read({ 'retry-after': '3' })).toBe(3000)
    expect(read({ 'retry-after': '0' })).toBe(0)
    expect(read({ 'retry-after': '1.5' })).toBe(1500)
  })

  it('reads an HTTP date, never negative', () => {
    expect(read({ 'retry-after': 'Wed, 25 Nov 2026 12:00:05 GMT' })).toBe(5000)
    expect(read({ 'retry-after': 'Wed, 25 Nov 2026 11:00:00 GMT' })).toBe(0)
  })

  it('reads seconds of more than one digit', () => {
    expect(read({ 'retry-after': '120' })).toBe(120_000)
    expect(read({ 'retry-after': '12.25' })).toBe(12_250)
  })

  it('prefers retry-after-ms', () => {
    expect(read({ 'retry-after-ms': '250', 'retry-after': '3' })).toBe(250)
  })

  it('reads a negative retry-after-ms as no wait, not a negative one', () => {
    expect(read({ 'retry-after-ms': '-5' })).toBe(0)
  })

  it('falls back to Retry-After when retry-after-ms is empty', () => {
    expect(read({ 'retry-after-ms': '', 'retry-after': '2' })).toBe(2000)
  })

  it('ignores what it cannot read', () => {
    expect(read({})).toBeUndefined()
    expect(read({ 'retry-after': 'soon' })).toBeUndefined()
    expect(read({ 'retry-after': '-1' })).toBeUndefined()
    expect(read({ 'retry-after-ms': 'x', 'retry-after': '2' })).toBe(2000)
    expect(read({ 'retry-after': '' })).toBeUndefined()
  })

  it('ignores what is neither seconds nor an HTTP date', () => {
    expect(read({ 'retry-after': '1e3' })).toBeUndefined()
    expect(read({ 'retry-after': '3 seconds' })).toBeUndefined()
    expect(read({ 'retry-after': '2026-11-25T12:00:05Z' })).toBeUndefined()
    expect(read({ 'retry-after': '9'.repeat(400) })).toBeUndefined()
    // A finite number of seconds, but not of milliseconds.
    expect(read({ 'retry-after': '1' + '0'.repeat(306) })).toBeUndefined()
  })

  it('reads an HTTP date whatever the case of the day', () => {
    expect(read({ 'retry-after': 'wed, 25 Nov 2026 12:00:05 GMT' })).toBe(5000)
  })

  it('uses the current time by default', () => {
    vi.useFakeTimers({ now })
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(now + 4000).toUTCString() }))).toBe(4000)
    vi.useRealTimers()
  })
})

describe('messageRetryDelayMs: a message is retried only when the refusal says it was not taken', () => {
  afterEach(() => vi.restoreAllMocks())

  it.each([429, 503])('retries HTTP %i with the same waits as sessions', (status) => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    expect(messageRetryDelayMs(new HotTaskError('http', 'x', { status }), 1, 2)).toBe(1000)
    expect(messageRetryDelayMs(new HotTaskError('http', 'x', { status, retryAfterMs: 3000 }), 0, 2)).toBe(3000)
  })

  it.each([
    ['HTTP 500', new HotTaskError('http', 'x', { status: 500 })],
    ['HTTP 502', new HotTaskError('http', 'x', { status: 502 })],
    ['HTTP 504', new HotTaskError('http', 'x', { status: 504 })],
    ['HTTP 408', new HotTaskError('http', 'x', { status: 408 })],
    ['a timeout', new HotTaskError('timeout', 'x')],
    ['a network error', new HotTaskError('network', 'x')],
    ['an api error with Code 429', new HotTaskError('api', 'x', { code: 429, status: 200 })],
    ['an over-large reply with HTTP 503 (invalid-response)', new HotTaskError('invalid-response', 'x', { status: 503 })],
    ['a timeout that carries a status of 503', new HotTaskError('timeout', 'x', { status: 503 })],
    ['a plain object shaped like a 503', { kind: 'http', status: 503, retryable: true }],
    ['a plain Error', new Error('x')],
  ])('returns %s at once', (_, error) => {
    expect(messageRetryDelayMs(error, 0, 5)).toBeUndefined()
  })

  it('gives up when the retries are used, or Retry-After is past 60 s', () => {
    expect(messageRetryDelayMs(new HotTaskError('http', 'x', { status: 429 }), 2, 2)).toBeUndefined()
    expect(messageRetryDelayMs(new HotTaskError('http', 'x', { status: 429, retryAfterMs: 60_001 }), 0, 2)).toBeUndefined()
  })
})

describe('messageRetryDelayMs with what is not an error', () => {
  it.each([null, undefined, 'text', 42])('gives up on %j', (value) => {
    expect(messageRetryDelayMs(value, 0, 5)).toBeUndefined()
  })
})
