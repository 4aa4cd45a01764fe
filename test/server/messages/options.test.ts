import { describe, expect, it } from 'vitest'
import { createHotTaskHandler, type HotTaskHandlerOptions } from '../../../src/server'
import { API_KEY } from '../secret'
import { SECRET } from './conversation'

const valid: HotTaskHandlerOptions = { apiKey: API_KEY, allowedSerialNumbers: ['bot-1'] }
const create = (options: Record<string, unknown>) => createHotTaskHandler({ ...valid, ...options } as HotTaskHandlerOptions)
const DAY = 86_400_000

describe('message options: checked when the handler is created', () => {
  it.each([
    ['a sessionSecret of 31 characters', { sessionSecret: 'x'.repeat(31) }, 'sessionSecret must be a string of at least 32 characters (e.g. from `openssl rand -base64 32`), or left out to derive the token key from the API key.'],
    ['an empty sessionSecret', { sessionSecret: '' }, 'sessionSecret must be a string of at least 32 characters'],
    ['a sessionSecret that is not a string', { sessionSecret: 10 ** 40 }, 'sessionSecret must be a string'],
    ['a sessionSecret of bytes', { sessionSecret: new Uint8Array(64) }, 'sessionSecret must be a string'],
    ['sessionTtlMs 0', { sessionTtlMs: 0 }, `sessionTtlMs must be a whole number from 1 to ${366 * DAY}, got 0.`],
    ['sessionTtlMs past 366 days', { sessionTtlMs: 366 * DAY + 1 }, 'sessionTtlMs must be a whole number'],
    ['a fractional sessionTtlMs', { sessionTtlMs: 1.5 }, 'sessionTtlMs must be a whole number'],
    ['maxMessageLength 0', { maxMessageLength: 0 }, 'maxMessageLength must be a whole number from 1 to 16384, got 0.'],
    ['maxMessageLength past MAX_MESSAGE_LENGTH', { maxMessageLength: 16_385 }, 'maxMessageLength must be a whole number from 1 to 16384'],
    ['a string maxMessageLength', { maxMessageLength: '4000' }, 'maxMessageLength must be a whole number'],
    ['messageTimeoutMs 0', { messageTimeoutMs: 0 }, `messageTimeoutMs must be a whole number from 1 to ${2 ** 31 - 1}, got 0.`],
    ['messageTimeoutMs past what a timer can wait', { messageTimeoutMs: 2 ** 31 }, 'messageTimeoutMs must be a whole number'],
    ['messageRateLimit null', { messageRateLimit: null }, 'messageRateLimit must be an object such as { limit: 20, windowMs: 60_000 }, false to turn it off, or left out.'],
    ['messageRateLimit true', { messageRateLimit: true }, 'messageRateLimit must be an object'],
    ['messageRateLimit 20', { messageRateLimit: 20 }, 'messageRateLimit must be an object'],
    ['messageRateLimit limit 0', { messageRateLimit: { limit: 0, windowMs: 1000 } }, 'messageRateLimit.limit must be a whole number from 1'],
    ['messageRateLimit without windowMs', { messageRateLimit: { limit: 1 } }, 'messageRateLimit.windowMs must be a whole number'],
    ['messageRateLimit with a store without hit', { messageRateLimit: { limit: 1, windowMs: 1000, store: {} } }, 'messageRateLimit.store must be an object with a hit(key, windowMs) function'],
    [
      'messageRateLimit with a clientKey',
      { messageRateLimit: { limit: 1, windowMs: 1000, clientKey: () => 'a' } },
      'messageRateLimit takes no clientKey: messages are counted per chat session (the session id its token vouches for).',
    ],
  ])('throws a config error for %s', (_, options, message) => {
    expect(() => create(options)).toThrow(expect.objectContaining({ kind: 'config', message: expect.stringMatching(/^HotTask config: /) }))
    expect(() => create(options)).toThrow(message)
  })

  it('accepts the edges of each range, false for messageRateLimit, and a clientKey left undefined', () => {
    for (const options of [
      { sessionSecret: SECRET.slice(0, 32) },
      { sessionTtlMs: 1 },
      { sessionTtlMs: 366 * DAY },
      { maxMessageLength: 1 },
      { maxMessageLength: 16_384 },
      { messageTimeoutMs: 1 },
      { messageTimeoutMs: 2 ** 31 - 1 },
      { messageRateLimit: false },
      { messageRateLimit: { limit: 1, windowMs: 1, clientKey: undefined } },
      { messageRateLimit: { limit: 1, windowMs: 1, store: { hit: () => ({ count: 1, resetAt: 0 }) } } },
    ])
      expect(create(options), JSON.stringify(options)).toBeTypeOf('function')
  })
})
