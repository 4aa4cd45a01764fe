import { inspect } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import { configError, HotTaskError, isHotTaskError } from '../../src/core/errors'

describe('HotTaskError', () => {
  it('carries kind, facts and cause', () => {
    const cause = new TypeError('boom')
    const error = new HotTaskError('http', 'HTTP 503', { status: 503, code: 503, retryAfterMs: 1000, cause })
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({ name: 'HotTaskError', kind: 'http', status: 503, code: 503, retryAfterMs: 1000, retryable: true })
    expect(error.cause).toBe(cause)
    expect(String(error)).toBe('HotTaskError: HTTP 503')
  })

  it.each([
    ['network', undefined, true],
    ['timeout', undefined, true],
    ['http', 408, true],
    ['http', 429, true],
    ['http', 500, true],
    ['http', 502, true],
    ['http', 503, true],
    ['http', 504, true],
    ['http', 400, false],
    ['http', 401, false],
    ['http', 404, false],
    ['http', 501, false],
    ['api', 200, false],
    ['invalid-response', 200, false],
    ['invalid-input', undefined, false],
    ['config', undefined, false],
    ['aborted', undefined, false],
  ] as const)('%s with status %s is retryable: %s', (kind, status, retryable) => {
    expect(new HotTaskError(kind, 'x', { status }).retryable).toBe(retryable)
  })

  it('scrubs the secret from message, stack, String() and JSON, and does not keep it', () => {
    const error = new HotTaskError('api', 'bad key sk-1 and sk-1 again', { secret: 'sk-1' })
    expect(error.message).toBe('bad key [redacted] and [redacted] again')
    for (const text of [error.stack, String(error), JSON.stringify(error)]) expect(text).not.toContain('sk-1')
    expect(Object.values(error)).not.toContain('sk-1')
  })

  it('has no cause when given none, so a log shows no empty [cause]', () => {
    const error = new HotTaskError('api', 'x', { code: 7 })
    expect('cause' in error).toBe(false)
    expect(inspect(error)).not.toContain('[cause]')
  })

  it('serialises its facts and message to JSON', () => {
    const error = new HotTaskError('http', 'HTTP 429', { status: 429, retryAfterMs: 2000 })
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'HotTaskError',
      kind: 'http',
      message: 'HTTP 429',
      retryable: true,
      status: 429,
      retryAfterMs: 2000,
    })
  })
})

describe('isHotTaskError', () => {
  it('recognises HotTaskErrors only', () => {
    expect(isHotTaskError(configError('x'))).toBe(true)
    expect(isHotTaskError(new Error('x'))).toBe(false)
    expect(isHotTaskError({ kind: 'http' })).toBe(false)
    expect(isHotTaskError(null)).toBe(false)
    // What `catch` receives from `throw undefined` or `Promise.reject()`.
    expect(isHotTaskError(undefined)).toBe(false)
    expect(isHotTaskError('HotTaskError')).toBe(false)
  })

  it('recognises an error from another copy of the module (the ESM and the CJS build), instanceof too', async () => {
    vi.resetModules()
    const copy = await import('../../src/core/errors')
    const foreign = new copy.HotTaskError('network', 'x')
    expect(copy.HotTaskError).not.toBe(HotTaskError)
    expect(isHotTaskError(foreign)).toBe(true)
    expect(foreign instanceof HotTaskError).toBe(true)
    expect(new HotTaskError('api', 'x') instanceof copy.HotTaskError).toBe(true)
    expect(new Error('x') instanceof HotTaskError).toBe(false)
    expect(new HotTaskError('api', 'x') instanceof Error).toBe(true)
  })
})

describe('configError', () => {
  it('is a config error with the shared prefix and the cause', () => {
    const cause = new Error('inner')
    expect(configError('bad', cause)).toMatchObject({ kind: 'config', retryable: false, message: 'HotTask config: bad', cause })
  })
})
