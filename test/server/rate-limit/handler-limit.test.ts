import { afterEach, describe, expect, it, vi } from 'vitest'
import type { HotTaskHandlerOptions, RateLimitOptions } from '../../../src/server'
import { successBody } from '../loopback'
import { API_KEY, read } from '../secret'
import { handlerPaths, untilAborted } from '../handler-paths'

describe.each(handlerPaths)('$path', ({ path, createHandler: createHotTaskHandler }) => {
  const SERIAL = 'bot-1'
  const URL_ = 'http://app.test/api/hottask/chat/Chatbot/GetSession'
  const WINDOW = 60_000

  afterEach(() => vi.useRealTimers())

  function setup(rateLimit: Partial<RateLimitOptions> = {}, extra: Partial<HotTaskHandlerOptions> = {}) {
    const upstream = vi.fn(async () => new Response(successBody(), { headers: { 'content-type': 'application/json' } }))
    const onError = vi.fn()
    const handler = createHotTaskHandler({
      apiKey: API_KEY,
      allowedSerialNumbers: [SERIAL],
      fetch: upstream,
      onError,
      version: '9.9.9',
      rateLimit: { limit: 2, windowMs: WINDOW, clientKey: (request) => request.headers.get('x-client') ?? undefined, ...rateLimit },
      ...extra,
    })
    return { handler, upstream, onError }
  }

  const post = (client: string | undefined, { body = JSON.stringify({ serialNumber: SERIAL }), headers = {} as Record<string, string> } = {}) =>
    new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(client === undefined ? {} : { 'x-client': client }), ...headers },
      body,
    })

  describe('rateLimit: the limit', () => {
    it('lets `limit` requests of a client through per window, then answers 429 with nothing sent upstream', async () => {
      vi.useFakeTimers({ now: 1_000_000 })
      const { handler, upstream } = setup()
      expect((await handler(post('a'))).status).toBe(200)
      vi.advanceTimersByTime(20_500)
      expect((await handler(post('a'))).status).toBe(200)
      const { status, headers, body } = await read(await handler(post('a')))
      expect(status).toBe(429)
      expect(body).toEqual({ Data: null, Version: '9.9.9', Success: false, Code: 429, Message: 'Too many chat sessions from this client: the limit is 2 per 60 s. Try again in 40 s.' })
      // The window began at the first request: 39.5 s are left, so Retry-After rounds up to 40.
      expect(headers.get('retry-after')).toBe('40')
      expect(headers.get('retry-after-ms')).toBe('39500')
      expect(upstream).toHaveBeenCalledTimes(2)
    })

    it('counts each client apart: one over its limit does not slow another', async () => {
      const { handler, upstream } = setup()
      for (let i = 0; i < 5; i++) await handler(post('flooder'))
      expect((await handler(post('visitor'))).status).toBe(200)
      expect((await handler(post('visitor'))).status).toBe(200)
      expect(upstream).toHaveBeenCalledTimes(4)
    })

    it('serves the client again once its window has ended', async () => {
      vi.useFakeTimers({ now: 1_000_000 })
      const { handler, upstream } = setup()
      await handler(post('a'))
      await handler(post('a'))
      expect((await handler(post('a'))).status).toBe(429)
      vi.advanceTimersByTime(WINDOW - 1)
      expect((await handler(post('a'))).status).toBe(429)
      vi.advanceTimersByTime(1)
      expect((await handler(post('a'))).status).toBe(200)
      expect(upstream).toHaveBeenCalledTimes(3)
    })

    it('Retry-After is at least 1 second, and retry-after-ms at least 1, when the window is about to end', async () => {
      vi.useFakeTimers({ now: 1_000_000 })
      const { handler } = setup({ limit: 1 })
      await handler(post('a'))
      vi.advanceTimersByTime(WINDOW - 0.5)
      const response = await handler(post('a'))
      expect(response.status).toBe(429)
      expect(response.headers.get('retry-after')).toBe('1')
      expect(response.headers.get('retry-after-ms')).toBe('1')
    })

    it('takes the wait from the store: a resetAt in the past still gives a wait of 1 s / 1 ms', async () => {
      const store = { hit: () => ({ count: 3, resetAt: Date.now() - 5_000 }) }
      const { handler } = setup({ store })
      const response = await handler(post('a'))
      expect(response.status).toBe(429)
      expect(response.headers.get('retry-after')).toBe('1')
      expect(response.headers.get('retry-after-ms')).toBe('1')
    })

    it.each([
      ['404, another path', () => new Request('http://app.test/api/other', { method: 'POST' })],
      ['405, another method', () => new Request(URL_, { method: 'GET' })],
      ['415, not JSON', () => post('a', { headers: { 'content-type': 'text/plain' } })],
      ['413, too big', () => post('a', { body: JSON.stringify({ serialNumber: 'x'.repeat(5000) }) })],
      ['400, bad JSON', () => post('a', { body: '{' })],
      ['400, bad serial number', () => post('a', { body: JSON.stringify({ serialNumber: ' ' }) })],
      ['403, serial not allowed', () => post('a', { body: JSON.stringify({ serialNumber: 'other-bot' }) })],
    ])('does not count a request refused for another reason (%s)', async (_name, request) => {
      const clientKey = vi.fn(() => 'a')
      const { handler, upstream } = setup({ limit: 1, clientKey })
      for (let i = 0; i < 3; i++) expect((await handler(request())).status).not.toBe(429)
      expect(clientKey).not.toHaveBeenCalled()
      expect((await handler(post('a'))).status).toBe(200)
      expect(upstream).toHaveBeenCalledTimes(1)
    })

    it('does not count a request that authorize refused (401)', async () => {
      const { handler, upstream } = setup({ limit: 1 }, { authorize: (request) => request.headers.get('x-ok') === 'yes' })
      for (let i = 0; i < 3; i++) expect((await handler(post('a'))).status).toBe(401)
      expect((await handler(post('a', { headers: { 'x-ok': 'yes' } }))).status).toBe(200)
      expect(upstream).toHaveBeenCalledTimes(1)
    })

    it('counts requests whose upstream call failed: they spent the key too', async () => {
      const { handler, upstream } = setup({ limit: 1 })
      upstream.mockResolvedValueOnce(new Response('nope', { status: 500 }))
      expect((await handler(post('a'))).status).toBe(500)
      expect((await handler(post('a'))).status).toBe(429)
    })

    it('is off without the option: no limit at all', async () => {
      const upstream = vi.fn(async () => new Response(successBody()))
      const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], fetch: upstream })
      for (let i = 0; i < 20; i++) expect((await handler(post('a'))).status).toBe(200)
    })
  })

  describe('rateLimit: the client key', () => {
    it('gives clientKey the request and awaits an async one', async () => {
      const clientKey = vi.fn(async (request: Request) => `user:${request.headers.get('x-client')}`)
      const { handler } = setup({ clientKey, limit: 1 })
      await handler(post('a'))
      expect((await handler(post('a'))).status).toBe(429)
      expect(clientKey.mock.calls[0]![0]).toBeInstanceOf(Request)
    })

    it.each([
      ['undefined', undefined, 'undefined'],
      ['an empty string', '', 'an empty string'],
      ['a key over 256 characters', 'k'.repeat(257), 'a key of 257 characters (at most 256)'],
      ['a number', 42, 'a number instead of a string'],
      ['null', null, 'a null instead of a string'],
    ])('refuses with 500 when clientKey returns %s; onError is told what it returned at once, the next within a second counted', async (_name, key, described) => {
      vi.useFakeTimers({ now: 1_000_000 })
      const { handler, upstream, onError } = setup({ clientKey: () => key as string })
      for (let i = 0; i < 3; i++) {
        const { status, body } = await read(await handler(post('a')))
        expect(status).toBe(500)
        expect(body).toMatchObject({ Code: 500, Success: false, Message: 'The server cannot identify the client, so it cannot apply its rate limit.' })
      }
      expect(upstream).not.toHaveBeenCalled()
      expect(onError).toHaveBeenCalledTimes(1)
      const message = `HotTask config: rateLimit.clientKey returned ${described}, so the request was refused with 500.`
      expect(onError.mock.calls[0]![0]).toMatchObject({ kind: 'config', message })
      expect(onError.mock.calls[0]![1]).toBeInstanceOf(Request)
      vi.advanceTimersByTime(1000)
      expect(onError).toHaveBeenCalledTimes(2)
      expect(onError.mock.calls[1]![0]).toMatchObject({ kind: 'config', count: 2, errors: [expect.objectContaining({ message })] })
    })

    it('accepts a key of exactly 256 characters', async () => {
      const { handler } = setup({ clientKey: () => 'k'.repeat(256) })
      expect((await handler(post('a'))).status).toBe(200)
    })

    it('keeps reporting for as long as it happens: after a quiet second, the next one is reported at once again', async () => {
      vi.useFakeTimers({ now: 1_000_000 })
      const { handler, onError } = setup({ clientKey: () => undefined })
      await handler(post('a'))
      vi.advanceTimersByTime(2000)
      await handler(post('a'))
      expect(onError).toHaveBeenCalledTimes(2)
      expect(onError.mock.calls[1]![0]).toMatchObject({ kind: 'config', message: expect.stringContaining('rateLimit.clientKey returned undefined') })
    })

    // Under toNodeHandler the socket's address is the client: see client-address.test.ts.
    it.runIf(path === 'Fetch handler')('in a Fetch runtime without clientKey: 500, and onError told, naming clientKey as the fix, then counted', async () => {
      vi.useFakeTimers({ now: 1_000_000 })
      const { handler, upstream, onError } = setup({ clientKey: undefined })
      for (let i = 0; i < 3; i++) expect((await handler(post('a'))).status).toBe(500)
      expect(upstream).not.toHaveBeenCalled()
      expect(onError).toHaveBeenCalledTimes(1)
      expect(onError.mock.calls[0]![0]).toMatchObject({ kind: 'config', message: expect.stringContaining('Set rateLimit.clientKey') })
      vi.advanceTimersByTime(1000)
      expect(onError.mock.calls[1]![0]).toMatchObject({ kind: 'config', count: 2 })
    })

    it('a throwing clientKey: 500 each time without its message; onError told at once, the next within a second counted', async () => {
      const thrown = new Error(`db down, key ${API_KEY}`)
      const { handler, upstream, onError } = setup({
        clientKey: () => {
          throw thrown
        },
      })
      for (let i = 0; i < 2; i++) {
        const { status, body } = await read(await handler(post('a')))
        expect(status).toBe(500)
        expect(body.Message).toBe('The server failed to identify the client.')
      }
      expect(upstream).not.toHaveBeenCalled()
      expect(onError).toHaveBeenCalledTimes(1)
      expect(onError.mock.calls[0]![0]).toBe(thrown)
    })

    it('a rejecting clientKey: the same 500', async () => {
      const { handler, onError } = setup({ clientKey: () => Promise.reject(new Error('nope')) })
      expect((await handler(post('a'))).status).toBe(500)
      expect(onError).toHaveBeenCalledTimes(1)
    })
  })

  describe('rateLimit: a custom store', () => {
    it('is given the client key and windowMs, and its count decides', async () => {
      const hit = vi.fn((_key: string, _windowMs: number) => ({ count: 1, resetAt: Date.now() + 1000 }))
      const { handler } = setup({ store: { hit } })
      await handler(post('a'))
      expect(hit).toHaveBeenCalledWith('a', WINDOW)
      hit.mockReturnValueOnce({ count: 3, resetAt: Date.now() + 1000 })
      expect((await handler(post('a'))).status).toBe(429)
    })

    it('may be async', async () => {
      const { handler } = setup({ store: { hit: async () => ({ count: 3, resetAt: Date.now() + 1000 }) } })
      expect((await handler(post('a'))).status).toBe(429)
    })

    it('may answer with a thenable that is not a native promise (another promise library)', async () => {
      const answer = (count: number) => ({ then: (resolve: (hit: object) => void) => resolve({ count, resetAt: Date.now() + 1000 }) })
      const { handler } = setup({ store: { hit: vi.fn().mockReturnValueOnce(answer(3)).mockReturnValueOnce(answer(1)) } as never })
      expect((await handler(post('a'))).status).toBe(429)
      expect((await handler(post('a'))).status).toBe(200)
    })

    it('fails closed when an async store resolves to something else than a hit: 503, onError told what it was', async () => {
      const { handler, onError } = setup({ store: { hit: async () => undefined } as never })
      expect((await handler(post('a'))).status).toBe(503)
      expect(onError.mock.calls[0]![0]).toMatchObject({ name: 'TypeError', message: 'rateLimit.store.hit must return { count, resetAt } numbers, got undefined.' })
    })

    it.each([
      ['throws', () => {
        throw new Error('store down')
      }],
      ['rejects', () => Promise.reject(new Error('store down'))],
      ['answers undefined', () => undefined],
      ['answers null', () => null],
      ['answers a number', () => 1],
      ['answers a count that is not a number', () => ({ count: '1', resetAt: Date.now() })],
      ['answers NaN', () => ({ count: Number.NaN, resetAt: Date.now() })],
      ['answers no resetAt', () => ({ count: 1 })],
    ])('fails closed when the store %s: 503, nothing upstream, onError told', async (_name, hit) => {
      const { handler, upstream, onError } = setup({ store: { hit } as never })
      const { status, body } = await read(await handler(post('a')))
      expect(status).toBe(503)
      expect(body).toMatchObject({ Code: 503, Success: false, Message: 'The rate limiter is unavailable; try again shortly.' })
      expect(upstream).not.toHaveBeenCalled()
      expect(onError).toHaveBeenCalledTimes(1)
    })

    it.each([
      ['throws', () => {
        throw new Error('store down')
      }],
      ['rejects', () => Promise.reject(new Error('store down'))],
    ])('tells onError the error of a store that %s, as it was', async (_name, hit) => {
      const { handler, onError } = setup({ store: { hit } as never })
      await handler(post('a'))
      expect(onError.mock.calls[0]![0]).toMatchObject({ message: 'store down' })
    })

    it.each([
      // null, objects and numbers: see what-onerror-is-told.test.ts.
      ['undefined', () => undefined, 'undefined'],
      ['a string', () => '1', 'string'],
    ])('tells onError what a store that answers %s answered', async (_name, hit, got) => {
      const { handler, onError } = setup({ store: { hit } as never })
      await handler(post('a'))
      expect(onError.mock.calls[0]![0]).toMatchObject({ name: 'TypeError', message: `rateLimit.store.hit must return { count, resetAt } numbers, got ${got}.` })
    })
  })

  describe('rateLimit: what the review found', () => {
    it('counts a clientKey that is an IPv6 address by its /64: rotating addresses in one network buys nothing', async () => {
      const { handler, upstream } = setup()
      const statuses = []
      for (let host = 1; host <= 20; host++) statuses.push((await handler(post(`2001:db8:aa:bb::${host.toString(16)}`))).status)
      expect(statuses.filter((status) => status === 200)).toHaveLength(2)
      expect(upstream).toHaveBeenCalledTimes(2)
      expect((await handler(post('2001:db8:aa:cc::1'))).status).toBe(200) // another /64 is another client
    })

    it('counts a clientKey that is an IPv4 address written as IPv6 (Express’s req.ip on a dual-stack server) as that IPv4 client', async () => {
      const { handler, upstream } = setup({ limit: 1 })
      // Each IPv4 visitor is a client of its own, not one of a single 0:0:0:0::/64 that every IPv4 visitor shares…
      expect((await handler(post('::ffff:203.0.113.7'))).status).toBe(200)
      expect((await handler(post('::ffff:203.0.113.8'))).status).toBe(200)
      // …and the same visitor however its address is written.
      expect((await handler(post('203.0.113.7'))).status).toBe(429)
      expect((await handler(post('::FFFF:cb00:7108'))).status).toBe(429)
      expect(upstream).toHaveBeenCalledTimes(2)
    })

    it('a visitor who left does not spend the once-per-handler report of an unidentified client', async () => {
      const visitor = new AbortController()
      const { handler, onError } = setup({
        clientKey: async (request) => {
          if (request.headers.has('x-leaves')) {
            visitor.abort()
            await untilAborted(request.signal)
          }
          return undefined
        },
      })
      await handler(new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json', 'x-leaves': '1' }, body: JSON.stringify({ serialNumber: SERIAL }), signal: visitor.signal }))
      expect(onError).not.toHaveBeenCalled()
      await handler(post('a'))
      expect(onError).toHaveBeenCalledTimes(1)
    })

    it('a visitor who left during the checks is not counted', async () => {
      const visitor = new AbortController()
      const hit = vi.fn(() => ({ count: 1, resetAt: Date.now() + WINDOW }))
      const allowedSerialNumbers = async (_: string, request: Request) => {
        visitor.abort()
        await untilAborted(request.signal)
        return true
      }
      const { handler, upstream } = setup({ store: { hit } }, { allowedSerialNumbers })
      const response = await handler(new Request(URL_, { method: 'POST', headers: { 'content-type': 'application/json', 'x-client': 'a' }, body: JSON.stringify({ serialNumber: SERIAL }), signal: visitor.signal }))
      expect(response.status).toBe(499)
      expect(hit).not.toHaveBeenCalled()
      expect(upstream).not.toHaveBeenCalled()
    })
  })
})
