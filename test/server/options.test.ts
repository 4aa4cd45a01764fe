import { describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { isHotTaskError } from '../../src/core/errors'
import { createHotTaskHandler, type HotTaskHandlerOptions } from '../../src/server'
import { API_KEY } from './secret'

const valid: HotTaskHandlerOptions = { apiKey: API_KEY, allowedSerialNumbers: ['bot-1'] }

function configErrorOf(options: unknown) {
  try {
    createHotTaskHandler(options as HotTaskHandlerOptions)
  } catch (error) {
    expect(isHotTaskError(error)).toBe(true)
    expect(error).toMatchObject({ kind: 'config', retryable: false })
    return (error as Error).message
  }
  throw new Error('expected a config error')
}

describe('createHotTaskHandler options', () => {
  it('accepts a list, a sync function and an async function as the allow-list', () => {
    expect(createHotTaskHandler(valid)).toBeTypeOf('function')
    expect(createHotTaskHandler({ ...valid, allowedSerialNumbers: () => true })).toBeTypeOf('function')
    expect(createHotTaskHandler({ ...valid, allowedSerialNumbers: async () => true })).toBeTypeOf('function')
  })

  it.each([
    ['no options', undefined, 'options object'],
    ['null options', null, 'options object'],
    ['an empty apiKey', { ...valid, apiKey: '' }, 'apiKey must be your secret key'],
    ['a blank apiKey', { ...valid, apiKey: '   ' }, 'apiKey must be your secret key'],
    ['a numeric apiKey', { ...valid, apiKey: 123 }, 'apiKey must be your secret key'],
    ['an apiKey with a line break', { ...valid, apiKey: 'sk-1\nX-Evil: 1' }, 'apiKey must be your secret key'],
    [
      'no allowedSerialNumbers',
      { apiKey: API_KEY },
      'needs allowedSerialNumbers: a list of your chatbot serial numbers, or a function (serialNumber, request) => boolean. Without it',
    ],
    ['allowedSerialNumbers as a string', { ...valid, allowedSerialNumbers: 'bot-1' }, 'needs allowedSerialNumbers'],
    ['allowedSerialNumbers as true', { ...valid, allowedSerialNumbers: true }, 'needs allowedSerialNumbers'],
    ['an empty allow-list', { ...valid, allowedSerialNumbers: [] }, 'empty list'],
    ['a non-string in the allow-list', { ...valid, allowedSerialNumbers: ['bot-1', 2] }, 'non-empty strings'],
    ['a blank in the allow-list', { ...valid, allowedSerialNumbers: [''] }, 'non-empty strings'],
    ['only spaces in the allow-list', { ...valid, allowedSerialNumbers: ['bot-1', '   '] }, 'non-empty strings'],
    ['a relative baseUrl', { ...valid, baseUrl: '/api' }, 'absolute http(s) URL'],
    ['a non-http baseUrl', { ...valid, baseUrl: 'ftp://example.com' }, 'absolute http(s) URL'],
    ['a broken baseUrl', { ...valid, baseUrl: 'https://exa mple.com' }, 'absolute http(s) URL'],
    ['a baseUrl whose scheme only ends in http', { ...valid, baseUrl: 'xhttp://example.com' }, 'absolute http(s) URL'],
    ['a baseUrl that is not a string', { ...valid, baseUrl: new URL('https://example.com') }, 'absolute http(s) URL'],
    ['a zero timeoutMs', { ...valid, timeoutMs: 0 }, 'timeoutMs'],
    ['a fractional timeoutMs', { ...valid, timeoutMs: 1.5 }, 'timeoutMs'],
    ['a zero bodyTimeoutMs', { ...valid, bodyTimeoutMs: 0 }, 'bodyTimeoutMs'],
    ['a non-numeric bodyTimeoutMs', { ...valid, bodyTimeoutMs: '5' }, 'bodyTimeoutMs'],
    ['a non-function fetch', { ...valid, fetch: 'fetch' }, 'fetch must be a function'],
    ['a non-function authorize', { ...valid, authorize: true }, 'authorize must be a function'],
    ['a non-function onError', { ...valid, onError: {} }, 'onError must be a function'],
    ['a non-string version', { ...valid, version: 1 }, 'version must be a string'],
  ])('throws a config error for %s', (_, options, message) => {
    const text = configErrorOf(options)
    expect(text).toMatch(/^HotTask config: /)
    expect(text).toContain(message)
    expect(text).not.toContain(API_KEY)
  })

  it('works where a browser would be detected: the browser key guard is not applied to server code', () => {
    // Cloudflare Workers and test setups can look like a browser; the handler is server code by definition.
    vi.stubGlobal('window', {})
    vi.stubGlobal('document', {})
    expect(() => createHotTaskClient({ apiKey: API_KEY })).toThrow(/proxy mode/) // the guard is active here
    expect(createHotTaskHandler(valid)).toBeTypeOf('function')
  })
})
