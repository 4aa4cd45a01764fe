import { describe, expect, it, vi } from 'vitest'
import type { HotTaskHandlerOptions, RateLimitStore } from '../../../src/server'
import { handlerPaths } from '../handler-paths'
import { API_KEY, read } from '../secret'
import { fakeHotTask, messageFor, messageRequest, openSession, SERIAL } from './conversation'

describe.each(handlerPaths)('messageRateLimit ($path)', ({ createHandler }) => {
  async function setup(options: Partial<HotTaskHandlerOptions> = {}) {
    const upstream = await fakeHotTask()
    const onError = vi.fn()
    const handler = createHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError, ...options })
    return { handler, upstream, onError }
  }

  it('is on by default: the 21st message of a session in a minute is a 429 with Retry-After, and nothing goes upstream', async () => {
    const now = Date.now()
    // Before the handler is made: its memory store takes the clock it finds then.
    vi.useFakeTimers({ toFake: ['Date'], now })
    try {
      const { handler, upstream } = await setup()
      const session = await openSession(handler)
      for (let i = 0; i < 20; i++) expect((await handler(messageRequest(messageFor(session)))).status).toBe(200)
      vi.setSystemTime(now + 15_500)
      const { status, body, headers } = await read(await handler(messageRequest(messageFor(session))))
      expect(status).toBe(429)
      expect(body).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 429, Message: 'Too many messages in this chat session: the limit is 20 per 60 s. Try again in 45 s.' })
      expect([headers.get('retry-after'), headers.get('retry-after-ms')]).toEqual(['45', '44500'])
      expect(upstream.messages()).toHaveLength(20)
      // The window ends a minute after its first message.
      vi.setSystemTime(now + 60_000)
      expect((await handler(messageRequest(messageFor(session)))).status).toBe(200)
    } finally {
      vi.useRealTimers()
    }
  })

  it('counts per session: another session of the same visitor has its own limit', async () => {
    const { handler } = await setup({ messageRateLimit: { limit: 1, windowMs: 60_000 } })
    const [one, two] = [await openSession(handler), await openSession(handler)]
    expect((await handler(messageRequest(messageFor(one)))).status).toBe(200)
    expect((await handler(messageRequest(messageFor(one)))).status).toBe(429)
    expect((await handler(messageRequest(messageFor(two)))).status).toBe(200)
  })

  it('counts only messages that would reach HotTask: refused ones (400, 403) do not use up the limit', async () => {
    const { handler, upstream } = await setup({ messageRateLimit: { limit: 2, windowMs: 60_000 } })
    const session = await openSession(handler)
    for (let i = 0; i < 5; i++) {
      expect((await handler(messageRequest({ ...messageFor(session), content: ' ' }))).status).toBe(400)
      expect((await handler(messageRequest({ ...messageFor(session), sessionToken: `${session.sessionToken}x` }))).status).toBe(403)
    }
    expect((await handler(messageRequest(messageFor(session)))).status).toBe(200)
    expect((await handler(messageRequest(messageFor(session)))).status).toBe(200)
    expect((await handler(messageRequest(messageFor(session)))).status).toBe(429)
    expect(upstream.messages()).toHaveLength(2)
  })

  it('false turns it off', async () => {
    const { handler, upstream } = await setup({ messageRateLimit: false })
    const session = await openSession(handler)
    for (let i = 0; i < 25; i++) expect((await handler(messageRequest(messageFor(session)))).status).toBe(200)
    expect(upstream.messages()).toHaveLength(25)
  })

  it('gives its store the key message:<session id> and the window; the session limit keeps its own keys', async () => {
    const hit = vi.fn<RateLimitStore['hit']>(() => ({ count: 1, resetAt: Date.now() + 1000 }))
    const { handler } = await setup({ messageRateLimit: { limit: 5, windowMs: 30_000, store: { hit } }, rateLimit: { limit: 5, windowMs: 10_000, store: { hit }, clientKey: () => 'client-1' } })
    const session = await openSession(handler)
    await handler(messageRequest(messageFor(session)))
    expect(hit.mock.calls).toEqual([
      ['client-1', 10_000],
      [`message:${session.sessionId}`, 30_000],
    ])
  })

  it('fails closed: a store that fails is a 503, nothing upstream, onError told', async () => {
    const failure = new Error('store down')
    const { handler, upstream, onError } = await setup({ messageRateLimit: { limit: 5, windowMs: 60_000, store: { hit: () => Promise.reject(failure) } } })
    const session = await openSession(handler)
    const { status, body } = await read(await handler(messageRequest(messageFor(session))))
    expect([status, body.Message]).toEqual([503, 'The rate limiter is unavailable; try again shortly.'])
    expect(upstream.messages()).toEqual([])
    expect(onError).toHaveBeenCalledWith(failure, expect.any(Request))
  })

  it('names messageRateLimit when its store answers something else than a hit', async () => {
    const { handler, onError } = await setup({ messageRateLimit: { limit: 5, windowMs: 60_000, store: { hit: () => null as never } } })
    const session = await openSession(handler)
    expect((await handler(messageRequest(messageFor(session)))).status).toBe(503)
    expect(onError.mock.calls[0]![0]).toMatchObject({ name: 'TypeError', message: 'messageRateLimit.store.hit must return { count, resetAt } numbers, got null.' })
  })
})
