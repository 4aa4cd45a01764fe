import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { createHotTaskHandler, type RateLimitStore } from '../../../src/server'
import { messageLimitKey, sessionLimitKey } from '../../../src/server/rate-limit/store-key'
import { successBody } from '../loopback'
import { sessionRequest } from '../requests'
import { API_KEY } from '../secret'

describe('the keys the handler gives a rate-limit store', () => {
  it('a session key is the client key as it is, but one starting with message: or session:', () => {
    for (const key of ['203.0.113.7', '2001:db8::/64', 'user-42', 'messages:1', 'Message:1', 'sessions', ' message:1', 'session'])
      expect(sessionLimitKey(key), key).toBe(key)
    expect(sessionLimitKey('message:1001')).toBe('session:message:1001')
    expect(sessionLimitKey('session:x')).toBe('session:session:x')
    expect(sessionLimitKey('session:')).toBe('session:session:')
  })

  it('a message key is message:<session id>', () => {
    expect(messageLimitKey(1001)).toBe('message:1001')
    expect(messageLimitKey(Number.MAX_SAFE_INTEGER)).toBe('message:9007199254740991')
  })

  it('no two clients share a session key, and no session key is a message key (fast-check)', () => {
    const clientKey = fc.oneof(fc.string(), fc.constantFrom('message:', 'session:').chain((head) => fc.string().map((tail) => head + tail)))
    fc.assert(
      fc.property(clientKey, clientKey, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (a, b, sessionId) => {
        if (a !== b) expect(sessionLimitKey(a)).not.toBe(sessionLimitKey(b))
        expect(sessionLimitKey(a)).not.toBe(messageLimitKey(sessionId))
      }),
      { numRuns: 2000 },
    )
  })

  it('the handler counts a client whose key starts with message: under session:<its key>', async () => {
    const hit = vi.fn<RateLimitStore['hit']>(() => ({ count: 1, resetAt: Date.now() + 1000 }))
    const handler = createHotTaskHandler({
      apiKey: API_KEY,
      allowedSerialNumbers: ['bot-1'],
      fetch: async () => new Response(successBody(), { headers: { 'content-type': 'application/json' } }),
      rateLimit: { limit: 5, windowMs: 1000, store: { hit }, clientKey: (request) => request.headers.get('x-client') ?? undefined },
    })
    for (const client of ['203.0.113.7', 'message:7', 'session:7']) {
      const request = sessionRequest('bot-1')
      request.headers.set('x-client', client)
      expect((await handler(request)).status).toBe(200)
    }
    expect(hit.mock.calls.map(([key]) => key)).toEqual(['203.0.113.7', 'session:message:7', 'session:session:7'])
  })
})
