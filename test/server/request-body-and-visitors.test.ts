import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskHandler, MAX_REQUEST_BODY_BYTES, toNodeHandler, type HotTaskHandler, type HotTaskHandlerOptions } from '../../src/server'
import { fakeUpstream, post, serve } from './loopback'
import { API_KEY, read } from './secret'

const SERIAL = 'bot-1'
const PATH = '/api/hottask/chat/Chatbot/GetSession'
const JSON_HEADERS = { 'content-type': 'application/json' }
const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

/** A fake upstream, our handler, and the handler's answers as it gives them (also when nobody receives them). */
async function setup(options: Partial<HotTaskHandlerOptions> = {}) {
  const upstream = await fakeUpstream()
  stops.push(upstream.close)
  const onError = vi.fn()
  const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError, ...options })
  const answered = deferred<Response>()
  const observed: HotTaskHandler = async (request, env) => {
    const response = await handler(request, env)
    answered.resolve(response.clone())
    return response
  }
  return { handler, upstream, onError, observed, answered: answered.promise }
}

/** Serves `listener` after a stand-in for a body parser (express.json(), express.text()) has read the body. */
async function behindBodyParser(listener: (req: IncomingMessage, res: ServerResponse) => void, parse?: (text: string, req: IncomingMessage) => unknown) {
  const app = await serve((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.once('end', () => {
      if (parse) Object.assign(req, { body: parse(Buffer.concat(chunks).toString(), req) })
      listener(req, res)
    })
  })
  stops.push(app.close)
  return app
}


describe('toNodeHandler behind a body parser (express.json() mounted first)', () => {
  it('uses the parsed body, checked like any other: the session is created', async () => {
    const { handler, upstream } = await setup()
    const app = await behindBodyParser(toNodeHandler(handler), (text) => JSON.parse(text))
    const response = await post(app.url + PATH, JSON.stringify({ serialNumber: SERIAL }))
    expect(response.status).toBe(200)
    expect(upstream.requests.map((seen) => seen.body)).toEqual([JSON.stringify({ serialNumber: SERIAL })])
  })

  it('still refuses what it would refuse from the stream: too large, not allowed, not JSON', async () => {
    const { handler, upstream } = await setup()
    const app = await behindBodyParser(toNodeHandler(handler), (text, req) => (req.headers['content-type'] === 'application/json' ? JSON.parse(text) : text))
    const padded = JSON.stringify({ serialNumber: SERIAL, padding: 'x'.repeat(MAX_REQUEST_BODY_BYTES) })
    expect((await post(app.url + PATH, padded)).status).toBe(413)
    expect((await post(app.url + PATH, JSON.stringify({ serialNumber: 'other-bot' }))).status).toBe(403)
    expect((await post(app.url + PATH, JSON.stringify({ serialNumber: SERIAL }), { 'content-type': 'text/plain' })).status).toBe(415)
    expect(upstream.requests).toHaveLength(0)
  })

  it('takes a text or Buffer body a parser left (express.text(), express.raw())', async () => {
    const { handler } = await setup()
    const text = await behindBodyParser(toNodeHandler(handler), (body) => body)
    expect((await post(text.url + PATH, JSON.stringify({ serialNumber: SERIAL }))).status).toBe(200)
    const raw = await behindBodyParser(toNodeHandler(handler), (body) => Buffer.from(body))
    expect((await post(raw.url + PATH, JSON.stringify({ serialNumber: SERIAL }))).status).toBe(200)
  })

  it.each([
    ['null', () => null],
    ['a number', () => 123],
    ['a BigInt', () => 1n],
    ['a cycle', () => {
      const cycle: Record<string, unknown> = {}
      cycle.self = cycle
      return cycle
    }],
  ])('a parsed body that is %s is a 400, like a bad body from the stream, with no onError', async (_, parsed) => {
    const { handler, upstream, onError } = await setup()
    const app = await behindBodyParser(toNodeHandler(handler), parsed)
    expect((await post(app.url + PATH, JSON.stringify({ serialNumber: SERIAL }))).status).toBe(400)
    expect(onError).not.toHaveBeenCalled()
    expect(upstream.requests).toHaveLength(0)
  })

  it('a body read by something that left no req.body: 500, and onError says to mount the route before body parsers', async () => {
    const { handler, upstream, onError } = await setup()
    const app = await behindBodyParser(toNodeHandler(handler))
    const response = await post(app.url + PATH, JSON.stringify({ serialNumber: SERIAL }))
    expect(response.status).toBe(500)
    expect(JSON.parse(response.body)).toMatchObject({ Success: false, Code: 500 })
    expect(onError).toHaveBeenCalledTimes(1)
    expect(String(onError.mock.calls[0]![0])).toContain('before body parsers')
    expect(upstream.requests).toHaveLength(0)
  })
})

describe('a request body dripped in slowly', () => {
  it('is answered 408 once bodyTimeoutMs has passed (Fetch handler), nothing sent upstream', async () => {
    const { handler, upstream, onError } = await setup({ bodyTimeoutMs: 20 })
    let cancelled = false
    const stalled = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(new TextEncoder().encode('{"serial')),
      cancel: () => void (cancelled = true),
    })
    const request = new Request(`http://app.test${PATH}`, { method: 'POST', headers: JSON_HEADERS, body: stalled, duplex: 'half' } as RequestInit)
    const { status, body } = await read(await handler(request))
    expect(status).toBe(408)
    expect(body).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 408, Message: 'The request body did not arrive within 20 ms.' })
    expect(cancelled).toBe(true)
    expect(upstream.requests).toHaveLength(0)
    expect(onError).not.toHaveBeenCalled()
  })

  it('is answered 408 over node:http while the client is still sending', async () => {
    const { handler, upstream } = await setup({ bodyTimeoutMs: 20 })
    const app = await serve(toNodeHandler(handler))
    stops.push(app.close)
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(app.url + PATH, { method: 'POST', headers: { ...JSON_HEADERS, 'content-length': '100' } }, (res) => {
        const parts: Buffer[] = []
        res.on('data', (chunk: Buffer) => parts.push(chunk))
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() })
          req.destroy()
        })
      })
      req.on('error', reject)
      req.write('{"serial') // and nothing more
    })
    expect(answer.status).toBe(408)
    expect(JSON.parse(answer.body)).toMatchObject({ Success: false, Code: 408 })
    expect(upstream.requests).toHaveLength(0)
  })
})

describe('visitors who leave', () => {
  it('no upstream call for a visitor who left while the allow-list was deciding', async () => {
    const visitor = new AbortController()
    const allowedSerialNumbers = async () => {
      await Promise.resolve() // say, a database answers…
      visitor.abort() // …while the visitor closes the tab
      return true
    }
    const { handler, upstream, onError } = await setup({ allowedSerialNumbers })
    const request = new Request(`http://app.test${PATH}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ serialNumber: SERIAL }), signal: visitor.signal })
    const response = await handler(request)
    expect(response.status).toBe(499)
    expect(upstream.requests).toHaveLength(0)
    expect(onError).not.toHaveBeenCalled()
  })

  it('no upstream call for a visitor who left while the rate limit was counted', async () => {
    const visitor = new AbortController()
    const store = {
      hit: async () => {
        await Promise.resolve() // say, Redis answers…
        visitor.abort() // …while the visitor closes the tab
        return { count: 1, resetAt: Date.now() + 60_000 }
      },
    }
    const { handler, upstream, onError } = await setup({ rateLimit: { limit: 10, windowMs: 60_000, clientKey: () => 'client', store } })
    const request = new Request(`http://app.test${PATH}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ serialNumber: SERIAL }), signal: visitor.signal })
    const { status, body } = await read(await handler(request))
    expect(status).toBe(499)
    expect(body.Message).toBe('The client closed the request.')
    expect(upstream.requests).toHaveLength(0)
    expect(onError).not.toHaveBeenCalled()
  })

  it('a visitor who leaves mid-upload is not reported to onError (toNodeHandler)', async () => {
    const { observed, upstream, onError, answered } = await setup()
    const app = await serve(toNodeHandler(observed))
    stops.push(app.close)
    const req = httpRequest(app.url + PATH, { method: 'POST', headers: { ...JSON_HEADERS, 'content-length': '100' } })
    req.on('error', () => {})
    req.write('{"serialNumber"', () => setImmediate(() => req.destroy()))
    expect((await answered).status).toBe(499)
    expect(onError).not.toHaveBeenCalled()
    expect(upstream.requests).toHaveLength(0)
  })

  it('a visitor who leaves mid-upload is not reported to onError (Fetch handler)', async () => {
    const { handler, upstream, onError } = await setup()
    const visitor = new AbortController()
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"serialNumber"'))
        visitor.signal.addEventListener('abort', () => controller.error(new Error('connection reset')))
      },
    })
    const request = new Request(`http://app.test${PATH}`, { method: 'POST', headers: JSON_HEADERS, body, duplex: 'half', signal: visitor.signal } as RequestInit)
    const answer = handler(request)
    visitor.abort()
    expect((await answer).status).toBe(499)
    expect(onError).not.toHaveBeenCalled()
    expect(upstream.requests).toHaveLength(0)
  })
})

describe('an upstream reply that breaks off', () => {
  it('is a 502 that says the reply could not be read, not that HotTask was unreachable', async () => {
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"Data":'))
        controller.error(new Error('socket hang up'))
      },
    })
    const onError = vi.fn()
    const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], fetch: async () => new Response(broken), onError })
    const request = new Request(`http://app.test${PATH}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ serialNumber: SERIAL }) })
    const { status, body } = await read(await handler(request))
    expect(status).toBe(502)
    expect(body.Message).toBe("HotTask's reply could not be read or relayed.")
    expect(onError).toHaveBeenCalledTimes(1)
  })
})
