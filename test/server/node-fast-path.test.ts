import { request as httpRequest, type IncomingMessage, type ServerResponse, type RequestListener } from 'node:http'
import type { Socket } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskHandler, toNodeHandler, type HotTaskHandlerOptions } from '../../src/server'
import { handlerPaths } from './handler-paths'
import { fakeUpstream, post, serve, successBody, serveUntilClosed } from './loopback'
import { API_KEY, read } from './secret'

const SERIAL = 'bot-1'
const PATH = '/api/hottask/chat/Chatbot/GetSession'
const BODY = JSON.stringify({ serialNumber: SERIAL })
const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

/** A fake HotTask whose handler is `listener`, closed after the test. */
const upstreamServing = (listener: RequestListener) => serveUntilClosed(stops, listener)

/** Our handler under toNodeHandler behind `before` (a stand-in for middleware), and what it wrote to `res`. */
async function app(options: Partial<HotTaskHandlerOptions>, before = (_req: IncomingMessage, _res: ServerResponse, next: () => void) => next()) {
  const upstream = await fakeUpstream()
  stops.push(upstream.close)
  const onError = vi.fn()
  const listener = toNodeHandler(createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError, ...options }))
  const written: Array<{ status: number; body: string | undefined }> = []
  let wrote!: () => void
  const answered = new Promise<void>((resolve) => (wrote = resolve))
  const server = await serve((req, res) => {
    const end = res.end.bind(res) as (chunk?: string) => ServerResponse
    res.end = ((chunk?: string) => {
      written.push({ status: res.statusCode, body: chunk })
      wrote()
      return end(chunk)
    }) as typeof res.end
    before(req, res, () => listener(req, res))
  })
  stops.push(server.close)
  return { url: server.url, upstream, onError, written, answered }
}

const postTo = (url: string, { path = PATH, body = BODY } = {}) => post(url + path, body)

describe('toNodeHandler fast path: requests a browser would not send', () => {
  it('a request target starting with // is a 404, as the URL parser reads it (its host is not a path)', async () => {
    const { url, upstream } = await app({})
    expect((await postTo(url, { path: '//chat/Chatbot/GetSession' })).status).toBe(404)
    expect(upstream.requests).toHaveLength(0)
  })

  it.each(['//', '//?a'])('a request target %j, of which no URL can be made, is a 404, not a failure told to onError', async (path) => {
    const { url, upstream, onError } = await app({})
    const { status, body } = await postTo(url, { path })
    expect(status).toBe(404)
    expect(JSON.parse(body).Message).toMatch(/^Not found: only POST …/)
    expect(upstream.requests).toHaveLength(0)
    expect(onError).not.toHaveBeenCalled()
  })

  it('credentials in the request target never reach a callback or break it', async () => {
    const seen: string[] = []
    const { url } = await app({ authorize: (request) => (seen.push(request.url), true) })
    expect((await postTo(url, { path: '//u:p@app.test/chat/Chatbot/GetSession' })).status).toBe(200)
    expect(seen).toEqual(['http://app.test/chat/Chatbot/GetSession'])
  })

  it('takes a body that middleware turned into strings (req.setEncoding), and still stops at 4 KiB', async () => {
    const { url } = await app({}, (req, _res, next) => {
      req.setEncoding('utf8')
      next()
    })
    expect((await postTo(url)).status).toBe(200)
    expect((await postTo(url, { body: `{"serialNumber":"${SERIAL}","pad":"${'é'.repeat(3000)}"}` })).status).toBe(413)
  })

  it('reads a body that middleware paused', async () => {
    const { url } = await app({}, (req, _res, next) => {
      req.pause()
      next()
    })
    expect((await postTo(url)).status).toBe(200)
  })
})

describe('toNodeHandler fast path: visitors who leave', () => {
  it('a visitor gone before the handler was reached (an async middleware ran first) causes no upstream call', async () => {
    const { url, upstream, onError, written, answered } = await app({}, (req, res, next) => res.once('close', next))
    const req = httpRequest(url + PATH, { method: 'POST', headers: { 'content-type': 'application/json' } })
    req.on('error', () => {})
    req.end(BODY, () => setImmediate(() => req.destroy()))
    await answered
    expect(written[0]!.status).toBe(499)
    expect(upstream.requests).toHaveLength(0)
    expect(onError).not.toHaveBeenCalled()
  })

  it('a visitor who leaves while authorize runs is answered 499 at once, not 408 after bodyTimeoutMs', async () => {
    let left!: () => void
    const leaving = new Promise<void>((resolve) => (left = resolve))
    const authorize = async (request: Request) => {
      left()
      await new Promise((resolve) => request.signal.addEventListener('abort', resolve))
      return true
    }
    const { url, upstream, written, answered } = await app({ authorize, bodyTimeoutMs: 3_600_000 })
    const req = httpRequest(url + PATH, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100' } })
    req.on('error', () => {})
    req.write('{"serial')
    await leaving
    req.destroy()
    await answered
    expect(written[0]!.status).toBe(499)
    expect(JSON.parse(written[0]!.body!)).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 499, Message: 'The client closed the request.' })
    expect(upstream.requests).toHaveLength(0)
  })

  it("an authorize Response still streaming when the visitor leaves is cancelled, not written on forever", async () => {
    let cancelled!: () => void
    const wasCancelled = new Promise<void>((resolve) => (cancelled = resolve))
    const endless = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull: (controller) => controller.enqueue(new Uint8Array(64 * 1024)),
          cancel: () => cancelled(),
        }),
      )
    const { url } = await app({ authorize: endless })
    await new Promise<void>((resolve) => {
      const req = httpRequest(url + PATH, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.once('data', () => {
          req.destroy()
          resolve()
        })
      })
      req.on('error', () => {})
      req.end(BODY)
    })
    await wasCancelled
  })
})

describe('toNodeHandler fast path: HotTask replies node:http must not hang on', () => {
  it('a 101 Switching Protocols is a 502, not a request left waiting', async () => {
    const upstream = await upstreamServing(() => {})
    upstream.server.on('request', (req: IncomingMessage) => {
      req.socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')
    })
    const { url } = await app({ baseUrl: upstream.url, timeoutMs: 3_600_000 })
    const { status, body } = await postTo(url)
    expect(status).toBe(502)
    expect(JSON.parse(body)).toMatchObject({ Success: false, Code: 502 })
  })

  it('a kept-alive connection HotTask resets after reading the request is a 502, not sent again; the next call takes a new one', async () => {
    const perSocket = new Map<Socket, number>()
    const upstream = await upstreamServing((req, res) => {
      const count = (perSocket.get(req.socket) ?? 0) + 1
      perSocket.set(req.socket, count)
      // The second request on a connection has been read when the connection is reset.
      if (count === 2) return void req.socket.destroy()
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(successBody())
    })
    const { url } = await app({ baseUrl: upstream.url })
    expect((await postTo(url)).status).toBe(200)
    expect((await postTo(url)).status).toBe(502)
    expect([...perSocket.values()]).toEqual([2])
    expect((await postTo(url)).status).toBe(200)
    expect([...perSocket.values()]).toEqual([2, 1])
  })
})

describe.each(handlerPaths)('a 205 from HotTask ($path)', ({ createHandler }) => {
  it('is a 502 on either transport: a 205 carries no body, so no envelope', async () => {
    const upstream = await upstreamServing((_, res) => {
      const socket = res.socket!
      // Written by hand: Node's own server would drop a 205's body.
      socket.write(`HTTP/1.1 205 Reset Content\r\ncontent-type: application/json\r\ncontent-length: ${successBody().length}\r\n\r\n${successBody()}`)
    })
    const handler = createHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError: () => {} })
    const { status, body } = await read(await handler(new Request(`http://app.test${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY })))
    expect(status).toBe(502)
    expect(body.Code).toBe(502)
  })
})


describe('toNodeHandler fast path: what it does differently from serving a Request', () => {
  it('calls HotTask through node:http, not the global fetch, when no fetch option is given', async () => {
    const globalFetch = vi.spyOn(globalThis, 'fetch')
    try {
      const { url, upstream } = await app({})
      expect((await postTo(url)).status).toBe(200)
      expect(upstream.requests).toHaveLength(1)
      expect(globalFetch).not.toHaveBeenCalled()
    } finally {
      globalFetch.mockRestore()
    }
  })

  it('refuses a Content-Length over 4 KiB at once, without waiting for the body', async () => {
    const { url, upstream } = await app({ bodyTimeoutMs: 3_600_000 })
    const answer = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(url + PATH, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '5000' } }, (res) => {
        resolve(res.statusCode ?? 0)
        req.destroy()
      })
      req.on('error', reject)
      req.write('{"serialNumber":') // and nothing more: the answer must not wait for the rest
    })
    expect(answer).toBe(413)
    expect(upstream.requests).toHaveLength(0)
  })

  it('takes a parsed body of exactly 4 KiB, and refuses one byte more', async () => {
    const json = (size: number) => `{"serialNumber":"${SERIAL}"${' '.repeat(size - BODY.length)}}`
    const { url } = await app({}, (req, _res, next) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.once('end', () => {
        Object.assign(req, { body: Buffer.concat(chunks).toString() })
        next()
      })
    })
    expect((await postTo(url, { body: json(4096) })).status).toBe(200)
    expect((await postTo(url, { body: json(4097) })).status).toBe(413)
  })

  it('gives every callback of one request the same Request', async () => {
    const seen: Request[] = []
    const { url } = await app({
      authorize: (request) => (seen.push(request), true),
      allowedSerialNumbers: (_, request) => (seen.push(request), true),
    })
    expect((await postTo(url)).status).toBe(200)
    expect(seen).toHaveLength(2)
    expect(seen[0]).toBe(seen[1])
  })

  it("writes an authorize Response as it is: status, each Set-Cookie apart, body", async () => {
    const headers = new Headers({ location: '/login', 'x-why': 'signed out' })
    headers.append('set-cookie', 'a=1; Path=/')
    headers.append('set-cookie', 'b=2; Path=/')
    const { url } = await app({ authorize: () => new Response('see /login', { status: 302, headers }) })
    const response = await new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = httpRequest(url + PATH, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        const parts: Buffer[] = []
        res.on('data', (chunk: Buffer) => parts.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString() }))
      })
      req.on('error', reject)
      req.end(BODY)
    })
    expect(response.status).toBe(302)
    expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/'])
    expect(response.headers['x-why']).toBe('signed out')
    expect(response.body).toBe('see /login')
  })
})
