import { describe, expect, it, vi } from 'vitest'
import { MAX_REQUEST_BODY_BYTES } from '../../src/server'
import { API_KEY, read } from './secret'
import { successBody } from './loopback'
import { handlerPaths } from './handler-paths'

describe.each(handlerPaths)('$path', ({ path, createHandler: createHotTaskHandler }) => {
  const SERIAL = '3254a9d0-chatbot'
  const ORIGIN = 'http://app.test'
  const PATH = '/api/hottask/chat/Chatbot/GetSession'

  function setup() {
    const upstream = vi.fn(async () => new Response(successBody(), { headers: { 'content-type': 'application/json' } }))
    const onError = vi.fn()
    const handler = createHotTaskHandler({
      apiKey: API_KEY,
      allowedSerialNumbers: [SERIAL],
      fetch: upstream,
      version: '9.9.9',
      onError,
    })
    return { handler, upstream, onError }
  }

  const post = (body: BodyInit | null, headers: HeadersInit = { 'content-type': 'application/json' }, path = PATH) =>
    new Request(ORIGIN + path, { method: 'POST', headers, body })

  const refusalOf = (status: number) => ({ Data: null, Version: '9.9.9', Success: false, Code: status, Message: expect.any(String) })

  describe('refusals: answered in the envelope, with nothing sent upstream', () => {
    it('404 for any path that ends in neither /chat/Chatbot/GetSession nor /chat/Chat/ClientAsk', async () => {
      const { handler, upstream } = setup()
      for (const path of ['/', '/api/hottask', '/api/hottask/chat/Chatbot/GetSessions', '/api/hottask/xchat/Chatbot/GetSession', '/chat/chatbot/getsession', '/chat/Chat/ClientAsk/', '/chat/chat/clientask', '/api/xchat/Chat/ClientAsk']) {
        const { status, body } = await read(await handler(post(JSON.stringify({ serialNumber: SERIAL }), undefined, path)))
        expect(status, path).toBe(404)
        expect(body).toEqual(refusalOf(404))
        expect(body.Message).toBe('Not found: only POST …/chat/Chatbot/GetSession and POST …/chat/Chat/ClientAsk are served here.')
      }
      expect(upstream).not.toHaveBeenCalled()
    })

    it('serves the call under any mount point, and at the root', async () => {
      const { handler, upstream } = setup()
      for (const path of ['/chat/Chatbot/GetSession', '/x/y/z/chat/Chatbot/GetSession', '/api/hottask/chat/Chatbot/GetSession?a=1']) {
        expect((await handler(post(JSON.stringify({ serialNumber: SERIAL }), undefined, path))).status, path).toBe(200)
      }
      expect(upstream).toHaveBeenCalledTimes(3)
    })

    it('405 with Allow for other methods', async () => {
      const { handler, upstream } = setup()
      // Node's HTTP parser refuses a method it does not know (FOO) before any handler runs.
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', ...(path === 'Fetch handler' ? ['FOO'] : [])]) {
        const response = await handler(new Request(ORIGIN + PATH, { method }))
        const { status, body, headers } = await read(response)
        expect(status, method).toBe(405)
        expect(headers.get('allow')).toBe('POST')
        expect(body).toEqual(refusalOf(405))
        expect(body.Message).toContain(method)
      }
      expect(upstream).not.toHaveBeenCalled()
    })

    it('a CORS preflight gets 405 and no CORS grant; HEAD gets 405 with Allow', async () => {
      const { handler, upstream } = setup()
      const preflight = await handler(new Request(ORIGIN + PATH, { method: 'OPTIONS', headers: { origin: 'https://evil.test' } }))
      expect(preflight.status).toBe(405)
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
      const head = await handler(new Request(ORIGIN + PATH, { method: 'HEAD' }))
      expect(head.status).toBe(405)
      expect(head.headers.get('allow')).toBe('POST')
      expect(upstream).not.toHaveBeenCalled()
    })

    it('415 for a missing or non-JSON content type; JSON with parameters is accepted', async () => {
      const { handler, upstream } = setup()
      const body = JSON.stringify({ serialNumber: SERIAL })
      for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/ld+json', 'text/application/json', 'xapplication/json']) {
        const request = new Request(ORIGIN + PATH, { method: 'POST', body, headers: type ? { 'content-type': type } : {} })
        if (!type) request.headers.delete('content-type') // a string body would default to text/plain
        const { status, body: envelope } = await read(await handler(request))
        expect(status, type).toBe(415)
        expect(envelope).toEqual(refusalOf(415))
        expect(envelope.Message).toBe('Content-Type must be application/json.')
      }
      expect(upstream).not.toHaveBeenCalled()
      for (const type of ['application/json; charset=utf-8', 'Application/JSON', ' application/json ;charset=UTF-8']) {
        expect((await handler(post(body, { 'content-type': type }))).status, type).toBe(200)
      }
    })

    // These two read a Request's stream; toNodeHandler's own are in node-adapter.test.ts.
    it.runIf(path === 'Fetch handler')('413 when Content-Length says the body is over 4 KiB, without reading it', async () => {
      const { handler, upstream } = setup()
      let pulled = 0
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++
          controller.enqueue(new Uint8Array(1024))
        },
      })
      const request = new Request(ORIGIN + PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(MAX_REQUEST_BODY_BYTES + 1) },
        body: stream,
        duplex: 'half',
      } as RequestInit)
      const { status, body } = await read(await handler(request))
      expect(status).toBe(413)
      expect(body).toEqual(refusalOf(413))
      expect(pulled).toBeLessThanOrEqual(1) // at most the stream's own first fill, never read by the handler
      expect(upstream).not.toHaveBeenCalled()
    })

    it.runIf(path === 'Fetch handler')('413 for an endless body without Content-Length: stops reading just past the limit', async () => {
      const { handler, upstream } = setup()
      let sent = 0
      let cancelled = false
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += 1000
          controller.enqueue(new Uint8Array(1000).fill(32))
        },
        cancel() {
          cancelled = true
        },
      })
      const request = new Request(ORIGIN + PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: endless, duplex: 'half' } as RequestInit)
      const { status } = await read(await handler(request))
      expect(status).toBe(413)
      expect(cancelled).toBe(true)
      expect(sent).toBeLessThan(MAX_REQUEST_BODY_BYTES + 5 * 1000)
      expect(upstream).not.toHaveBeenCalled()
    })

    it('accepts a body of exactly 4 KiB', async () => {
      const { handler } = setup()
      const json = JSON.stringify({ serialNumber: SERIAL })
      const body = json + ' '.repeat(MAX_REQUEST_BODY_BYTES - json.length)
      expect((await handler(post(body))).status).toBe(200)
      const { status, body: envelope } = await read(await handler(post(body + ' ')))
      expect(status).toBe(413)
      expect(envelope.Message).toBe('The request body is larger than 4096 bytes.')
    })

    it.each([
      ['empty body', '', 'The request body is not valid JSON.'],
      ['bad JSON', '{"serialNumber": ', 'The request body is not valid JSON.'],
      ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d]), 'The request body is not valid JSON.'],
      ['invalid UTF-8 in the serial number', new Uint8Array([...new TextEncoder().encode(`{"serialNumber": "${SERIAL}`), 0xff, 0x22, 0x7d]), 'not valid JSON'],
      ['an array', JSON.stringify([SERIAL]), 'The request body must be a JSON object: {"serialNumber": "…"}.'],
      ['null', 'null', 'The request body must be a JSON object: {"serialNumber": "…"}.'],
      ['a string', JSON.stringify(SERIAL), 'The request body must be a JSON object: {"serialNumber": "…"}.'],
      ['no serialNumber', '{}', 'Invalid serial number: expected a string, got undefined.'],
      ['a number', '{"serialNumber": 42}', 'Invalid serial number: expected a string, got number.'],
      ['null serial', '{"serialNumber": null}', 'Invalid serial number: expected a string, got null.'],
      ['blank', '{"serialNumber": "   "}', 'Invalid serial number: it is empty.'],
      ['too long', JSON.stringify({ serialNumber: 'a'.repeat(257) }), 'Invalid serial number: it is longer than 256 characters.'],
      ['control characters', JSON.stringify({ serialNumber: 'ab\ncd' }), 'Invalid serial number: it contains control characters.'],
    ])('400 for %s', async (_, body, message) => {
      const { handler, upstream } = setup()
      const { status, body: envelope } = await read(await handler(post(body)))
      expect(status).toBe(400)
      expect(envelope).toEqual(refusalOf(400))
      expect(envelope.Message).toContain(message)
      expect(upstream).not.toHaveBeenCalled()
    })

    it('401 when authorize says no, with nothing sent upstream', async () => {
      const upstream = vi.fn()
      const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], fetch: upstream, version: '9.9.9', authorize: () => false })
      const { status, body } = await read(await handler(post(JSON.stringify({ serialNumber: SERIAL }))))
      expect(status).toBe(401)
      expect(body).toEqual({ ...refusalOf(401), Message: 'Not authorized to create a chat session.' })
      expect(upstream).not.toHaveBeenCalled()
    })

    it('403 for a valid serial number that is not allowed, with nothing sent upstream', async () => {
      const { handler, upstream } = setup()
      const { status, body } = await read(await handler(post(JSON.stringify({ serialNumber: 'someone-elses-bot' }))))
      expect(status).toBe(403)
      expect(body).toEqual(refusalOf(403))
      expect(upstream).not.toHaveBeenCalled()
    })

    it('refusals are JSON, not cached', async () => {
      const { handler } = setup()
      const response = await handler(post('{}'))
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
      expect(response.headers.get('cache-control')).toBe('no-store')
    })

    it('the default Version of refusals is 1.0.0', async () => {
      const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], fetch: vi.fn() })
      expect((await read(await handler(post('{}')))).body.Version).toBe('1.0.0')
    })
  })
})
