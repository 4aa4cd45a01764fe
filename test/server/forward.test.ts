import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskHandler as createFetchHandler, type HotTaskHandlerOptions } from '../../src/server'
import { countedSignal } from '../support/counted-signal'
import { fakeUpstream, serve, successBody, type UpstreamReply } from './loopback'
import { API_KEY, read } from './secret'
import { handlerPaths } from './handler-paths'

describe.each(handlerPaths)('$path', ({ createHandler: createHotTaskHandler }) => {
  const SERIAL = '3254a9d0-chatbot'
  const PATH = 'http://app.test/api/hottask/chat/Chatbot/GetSession'
  const stops: Array<() => Promise<void>> = []
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()))
  })

  async function setup(reply?: (seen: { body: string }) => UpstreamReply, options: Partial<HotTaskHandlerOptions> = {}) {
    const upstream = await fakeUpstream(reply)
    stops.push(upstream.close)
    const onError = vi.fn()
    const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError, ...options })
    return { handler, upstream, onError }
  }

  const call = (headers: HeadersInit = {}, body = JSON.stringify({ serialNumber: SERIAL })) =>
    new Request(PATH, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })

  const init = (fetch: { mock: { calls: [RequestInfo | URL, RequestInit?][] } }) => fetch.mock.calls[0]![1]!

  describe('forwarding to HotTask (a fake upstream on loopback)', () => {
    it('sends only its own key, JSON content type and a re-serialized body', async () => {
      const { handler, upstream } = await setup()
      const response = await handler(
        call(
          { authorization: 'client-token', cookie: 'session=abc', 'x-forwarded-for': '6.6.6.6', 'x-custom': 'yes', 'content-type': 'application/json; charset=utf-8' },
          `  {"serialNumber":"${SERIAL}", "extra": {"nested": true}, "__proto__": {"x": 1}}  `,
        ),
      )
      const { status, body } = await read(response)
      expect(status).toBe(200)
      expect(body).toEqual({ Data: { SessionID: 123456, SessionToken: expect.stringMatching(/^v1\.123456\./) }, Version: '1.0.0', Success: true, Code: 200, Message: '' })
      expect(upstream.requests).toHaveLength(1)
      const [seen] = upstream.requests
      expect(seen!.method).toBe('POST')
      expect(seen!.url).toBe('/chat/Chatbot/GetSession')
      expect(seen!.headers.authorization).toBe(API_KEY)
      expect(seen!.headers['content-type']).toBe('application/json')
      expect(seen!.body).toBe(JSON.stringify({ serialNumber: SERIAL }))
      for (const name of ['cookie', 'x-forwarded-for', 'x-custom']) expect(seen!.headers[name], name).toBeUndefined()
    })

    it('sends the same through the fetch option: its own key, JSON content type, the re-serialized body', async () => {
      const { handler, upstream } = await setup(undefined, { fetch: (input, init) => fetch(input, init) })
      expect((await handler(call({ authorization: 'client-token', 'content-type': 'application/json; charset=utf-8' }))).status).toBe(200)
      const [seen] = upstream.requests
      expect(seen!.headers.authorization).toBe(API_KEY)
      expect(seen!.headers['content-type']).toBe('application/json')
      expect(seen!.body).toBe(JSON.stringify({ serialNumber: SERIAL }))
    })

    it('keeps a base URL path prefix', async () => {
      const upstream = await fakeUpstream()
      stops.push(upstream.close)
      const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: `${upstream.url}/v2/` })
      expect((await handler(call())).status).toBe(200)
      expect(upstream.requests[0]!.url).toBe('/v2/chat/Chatbot/GetSession')
    })

    it('relays a business error envelope with its status', async () => {
      const failure = { Data: null, Version: '1.0.0', Success: false, Code: 40001, Message: 'Chatbot disabled' }
      const { handler } = await setup(() => ({ body: JSON.stringify(failure) }))
      const { status, body } = await read(await handler(call()))
      expect(status).toBe(200)
      expect(body).toEqual(failure)
    })

    it.each([429, 503])('relays %i with Retry-After and retry-after-ms', async (code) => {
      const envelope = { Data: null, Version: '1.0.0', Success: false, Code: code, Message: 'slow down' }
      const { handler } = await setup(() => ({ status: code, headers: { 'retry-after': '7', 'retry-after-ms': '7000', 'x-upstream-secret': 'internal' }, body: JSON.stringify(envelope) }))
      const { status, body, headers } = await read(await handler(call()))
      expect(status).toBe(code)
      expect(body).toEqual(envelope)
      expect(headers.get('retry-after')).toBe('7')
      expect(headers.get('retry-after-ms')).toBe('7000')
      expect(headers.get('x-upstream-secret')).toBeNull()
    })

    it('does not relay Retry-After on other statuses', async () => {
      const { handler } = await setup(() => ({ status: 500, headers: { 'retry-after': '7' }, body: '{"Success":false,"Code":500,"Message":"x","Data":null,"Version":"1"}' }))
      const response = await handler(call())
      expect(response.status).toBe(500)
      expect(response.headers.get('retry-after')).toBeNull()
    })

    it('keeps an upstream error status without the envelope, inside a new envelope (Retry-After too)', async () => {
      const { handler } = await setup(() => ({ status: 503, headers: { 'content-type': 'text/html', 'retry-after': '3' }, body: '<h1>Down</h1>' }))
      const { status, body, headers } = await read(await handler(call()))
      expect(status).toBe(503)
      expect(body).toMatchObject({ Data: null, Success: false, Code: 503 })
      expect(body.Message).toContain('HTTP 503')
      expect(headers.get('retry-after')).toBe('3')
    })

    it.each([
      ['not JSON', '<html>'],
      ['empty', ''],
      ['JSON without the envelope', '{}'],
    ])('turns a 2xx reply that is %s into a 502 envelope', async (_, upstreamBody) => {
      const { handler } = await setup(() => ({ body: upstreamBody }))
      const { status, body } = await read(await handler(call()))
      expect(status).toBe(502)
      expect(body).toMatchObject({ Data: null, Success: false, Code: 502 })
    })

    it('turns an upstream redirect into a 502 instead of following it with the key', async () => {
      const elsewhere = await fakeUpstream()
      stops.push(elsewhere.close)
      const { handler } = await setup(() => ({ status: 307, headers: { location: `${elsewhere.url}/steal` } }))
      const { status } = await read(await handler(call()))
      expect(status).toBe(502)
      expect(elsewhere.requests).toHaveLength(0)
    })

    it('502 when HotTask cannot be reached', async () => {
      const closed = await serve(() => {})
      await closed.close()
      const onError = vi.fn()
      const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: closed.url, onError })
      const { status, body } = await read(await handler(call()))
      expect(status).toBe(502)
      expect(body).toMatchObject({ Data: null, Success: false, Code: 502, Message: 'Could not reach HotTask.' })
      expect(onError).toHaveBeenCalledTimes(1)
    })

    it('504 when HotTask does not answer within timeoutMs (an upstream that never answers)', async () => {
      const { handler, upstream, onError } = await setup(() => 'hang', { timeoutMs: 50 })
      const { status, body } = await read(await handler(call()))
      expect(status).toBe(504)
      expect(body).toMatchObject({ Data: null, Success: false, Code: 504, Message: 'HotTask did not reply within 50 ms.' })
      expect(upstream.requests).toHaveLength(1)
      expect(onError).toHaveBeenCalledTimes(1)
    })

    it('504 with an injected fetch that waits for the abort, one attempt only', async () => {
      const fetch = vi.fn(
        (_: RequestInfo | URL, init?: RequestInit) =>
          new Promise<Response>((_, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason))),
      )
      const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], fetch, timeoutMs: 10, onError: () => {} })
      expect((await handler(call())).status).toBe(504)
      expect(fetch).toHaveBeenCalledTimes(1)
    })

    it('makes one attempt only, even for a retryable status', async () => {
      const { handler, upstream } = await setup(() => ({ status: 500, body: '' }))
      expect((await handler(call())).status).toBe(500)
      expect(upstream.requests).toHaveLength(1)
    })

    it('cancels the upstream call when the client goes away', async () => {
      let called!: () => void
      const upstreamCalled = new Promise<void>((resolve) => (called = resolve))
      const fetch = vi.fn(
        (_: RequestInfo | URL, init?: RequestInit) =>
          new Promise<Response>((_, reject) => {
            called()
            init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason))
          }),
      )
      const onError = vi.fn()
      const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], fetch, onError })
      const client = new AbortController()
      const request = new Request(PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serialNumber: SERIAL }), signal: client.signal })
      const answer = handler(request)
      await upstreamCalled
      client.abort()
      expect((await answer).status).toBe(499)
      expect(init(fetch).signal!.aborted).toBe(true)
      // A visitor who left is not an error to log.
      expect(onError).not.toHaveBeenCalled()
    })

    it('two concurrent requests for one chatbot make two upstream calls (no sharing between visitors)', async () => {
      let next = 1
      const { handler, upstream } = await setup(() => ({ body: successBody(next++) }))
      const [a, b] = await Promise.all([handler(call()), handler(call())])
      const ids = [(await a.json()).Data.SessionID, (await b.json()).Data.SessionID].sort()
      expect(ids).toEqual([1, 2])
      expect(upstream.requests).toHaveLength(2)
    })
  })

  describe('the key is never in a response', () => {
    const echo = (text: string) => ({ Data: null, Version: '1.0.0', Success: false, Code: 401, Message: text })

    it.each([
      ['in Message', 200, JSON.stringify(echo(`invalid key ${API_KEY}`))],
      ['with JSON escapes', 401, JSON.stringify(echo('key ')).replace('key ', 'key ' + [...API_KEY].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''))],
      ['in Data and in a property name', 401, JSON.stringify({ ...echo('x'), Data: { [API_KEY]: [API_KEY] } })],
      ['in a non-envelope error body', 401, `Bad Authorization: ${API_KEY}`],
      ['in a non-envelope 2xx body', 200, `key=${API_KEY}`],
    ])('scrubs the key echoed %s', async (_, status, body) => {
      const { handler } = await setup(() => ({ status, body, headers: { 'retry-after': API_KEY, 'x-echo': API_KEY } }))
      const response = await handler(call())
      expect(response.status).toBe(status === 200 && !body.startsWith('{') ? 502 : status)
      const text = await read(response)
      if (body.startsWith('{')) expect(JSON.stringify(text.body)).toContain('[redacted]')
    })

    it('scrubs the key from a relayed Retry-After of a 429', async () => {
      const { handler } = await setup(() => ({ status: 429, body: JSON.stringify(echo(API_KEY)), headers: { 'retry-after': API_KEY } }))
      const response = await handler(call())
      expect(response.status).toBe(429)
      expect(response.headers.get('retry-after')).toBeNull()
      const { body } = await read(response)
      expect(body.Message).toBe('[redacted]')
    })
  })
})

describe('the Fetch handler and the request signal', () => {
  it('stops listening to the request signal once HotTask has answered', async () => {
    const upstream = vi.fn(async () => new Response(successBody(), { headers: { 'content-type': 'application/json' } }))
    const handler = createFetchHandler({ apiKey: API_KEY, allowedSerialNumbers: ['3254a9d0-chatbot'], fetch: upstream })
    const { signal, listening } = countedSignal()
    const request = new Request('http://app.test/chat/Chatbot/GetSession', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serialNumber: '3254a9d0-chatbot' }),
    })
    Object.defineProperty(request, 'signal', { value: signal })
    expect((await handler(request)).status).toBe(200)
    expect(upstream).toHaveBeenCalledTimes(1)
    expect(listening.size).toBe(0)
  })
})

describe('the Fetch handler leaves nothing running', () => {
  it('no timer is left once it has answered (the body deadline and the HotTask timeout are cleared)', async () => {
    vi.useFakeTimers()
    try {
      const upstream = vi.fn(async () => new Response(successBody(), { headers: { 'content-type': 'application/json' } }))
      const handler = createFetchHandler({ apiKey: API_KEY, allowedSerialNumbers: ['3254a9d0-chatbot'], fetch: upstream })
      const response = await handler(
        new Request('http://app.test/chat/Chatbot/GetSession', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serialNumber: '3254a9d0-chatbot' }) }),
      )
      expect(response.status).toBe(200)
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })
})
