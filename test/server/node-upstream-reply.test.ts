import { createHotTaskHandler, toNodeHandler } from '../../src/server'
import { nodeTransport } from '../../src/server/node/http-upstream'
import { MAX_UPSTREAM_BODY_BYTES, type Upstream } from '../../src/server/relay/upstream'
import { fakeUpstream, serve, successBody, serveUntilClosed } from './loopback'
import { API_KEY } from './secret'
import { request as httpRequest, type IncomingMessage, type ServerResponse, type RequestListener } from 'node:http'
import type { Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'

const PATH = '/chat/Chatbot/GetSession'
const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

/** A fake HotTask whose handler is `listener`, closed after the test. */
const upstreamServing = (listener: RequestListener) => serveUntilClosed(stops, listener)

/** One call through a nodeTransport upstream to `url`, with a key and a small body. */
const callOnce = (upstream: Upstream) => upstream('key', JSON.stringify({ serialNumber: 'bot-1' }))

/** A fake HotTask that answers `bytes` bytes of spaces, with or without a content-length. */
async function replying(bytes: number, declared: boolean) {
  return upstreamServing((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, declared ? { 'content-length': String(bytes) } : {})
      // In two writes, so an undeclared length arrives in more than one chunk.
      res.write(' '.repeat(bytes - 1))
      res.end(' ')
    })
  })
}

describe('nodeTransport: reading HotTask\'s reply up to the limit', () => {
  it.each([true, false])('reads a reply of exactly the limit, 64 KiB (content-length declared: %s)', async (declared) => {
    const upstream = await replying(MAX_UPSTREAM_BODY_BYTES, declared)
    const reply = await callOnce(nodeTransport()!(upstream.url + PATH)).reply
    const body = await reply.body
    expect(body.status).toBe('read')
    expect(body.status === 'read' && body.bytes.byteLength).toBe(MAX_UPSTREAM_BODY_BYTES)
  })

  it.each([true, false])('a reply one byte over the limit is too large (content-length declared: %s)', async (declared) => {
    const upstream = await replying(MAX_UPSTREAM_BODY_BYTES + 1, declared)
    const reply = await callOnce(nodeTransport()!(upstream.url + PATH)).reply
    expect(await reply.body).toEqual({ status: 'too-large' })
  })

  it('a reply that breaks off before it is complete rejects with the reset Node saw', async () => {
    const upstream = await upstreamServing((req, res) => {
      req.resume()
      res.writeHead(200, { 'content-length': '500' })
      res.write('{"Data":', () => res.destroy())
    })
    const reply = await callOnce(nodeTransport()!(upstream.url + PATH)).reply
    await expect(reply.body).rejects.toMatchObject({ code: 'ECONNRESET' })
  })

  it('joins a header HotTask sent more than once', async () => {
    const upstream = await upstreamServing((req, res) => {
      req.resume()
      res.writeHead(200, { 'set-cookie': ['a=1', 'b=2'] })
      res.end()
    })
    const reply = await callOnce(nodeTransport()!(upstream.url + PATH)).reply
    expect(reply.header('set-cookie')).toBe('a=1, b=2')
    expect(reply.header('x-absent')).toBeNull()
  })
})

describe('nodeTransport: failures', () => {
  it('a 101 Switching Protocols rejects with a message that says so', async () => {
    const upstream = await upstreamServing(() => {})
    upstream.server.on('request', (req: IncomingMessage) => {
      req.socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')
    })
    await expect(callOnce(nodeTransport()!(upstream.url + PATH)).reply).rejects.toThrow(/^HotTask answered with an unexpected HTTP 101\.$/)
  })

  it('is undefined where there is no process at all (Workers, the Edge runtime)', () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'process')!
    Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true })
    try {
      expect(nodeTransport()).toBeUndefined()
    } finally {
      Object.defineProperty(globalThis, 'process', descriptor)
    }
  })
})

/** A fake HotTask that counts requests per connection and lets `decide` answer each one. */
async function counting(decide: (nth: number, req: IncomingMessage, res: ServerResponse) => void) {
  const perSocket = new Map<Socket, number>()
  let total = 0
  const upstream = await upstreamServing((req, res) => {
    const nth = (perSocket.get(req.socket) ?? 0) + 1
    perSocket.set(req.socket, nth)
    total++
    req.resume()
    decide(nth, req, res)
  })
  const answer = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(successBody())
  }
  return { upstream, answer, requests: () => total, connections: () => perSocket.size }
}

describe('nodeTransport: a call is sent at most once, whatever happens to its connection', () => {
  it('a connection reset on a fresh connection is not retried', async () => {
    const { upstream, requests } = await counting((_, req) => void req.socket.destroy())
    await expect(callOnce(nodeTransport()!(upstream.url + PATH)).reply).rejects.toMatchObject({ code: 'ECONNRESET' })
    expect(requests()).toBe(1)
  })

  it('another failure on a reused connection (a reply that is not HTTP) is not retried', async () => {
    const { upstream, answer, requests } = await counting((nth, req, res) => {
      if (nth === 1) return answer(res)
      req.socket.end('NOT HTTP\r\n\r\n')
    })
    const call = nodeTransport()!(upstream.url + PATH)
    await (await callOnce(call).reply).body
    const failed = await callOnce(call).reply.catch((error: NodeJS.ErrnoException) => error)
    expect(failed).toBeInstanceOf(Error)
    expect((failed as NodeJS.ErrnoException).code).not.toBe('ECONNRESET')
    expect(requests()).toBe(2)
  })

  it('a reused kept-alive connection reset after HotTask read the request is not retried: the call fails', async () => {
    const { upstream, answer, requests, connections } = await counting((nth, req, res) => (nth === 1 ? answer(res) : void req.socket.destroy()))
    const call = nodeTransport()!(upstream.url + PATH)
    await (await callOnce(call).reply).body
    await expect(callOnce(call).reply).rejects.toMatchObject({ code: 'ECONNRESET' })
    expect(requests()).toBe(2)
    expect(connections()).toBe(1)
  })

  it('a cancelled call is not retried, and rejects saying it was cancelled', async () => {
    let arrived!: () => void
    const second = new Promise<void>((resolve) => (arrived = resolve))
    let closed!: () => void
    const secondClosed = new Promise<void>((resolve) => (closed = resolve))
    const { upstream, answer, requests } = await counting((nth, req, res) => {
      if (nth !== 2) return answer(res)
      req.socket.once('close', closed)
      arrived()
    })
    const call = nodeTransport()!(upstream.url + PATH)
    await (await callOnce(call).reply).body
    const cancelled = callOnce(call)
    await second
    cancelled.cancel()
    await expect(cancelled.reply).rejects.toThrow(/^The call to HotTask was cancelled\.$/)
    await secondClosed
    // A retry would have been sent as the cancelled request failed, before this call.
    await (await callOnce(call).reply).body
    expect(requests()).toBe(3)
  })
})

describe('toNodeHandler with any other Fetch handler', () => {
  const handle = (handler: (request: Request) => Promise<Response>) => serve(toNodeHandler(handler)).then((app) => (stops.push(app.close), app))

  const send = (url: string, method: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(url, { method }, (res) => {
        const parts: Buffer[] = []
        res.on('data', (chunk: Buffer) => parts.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }))
      })
      req.on('error', reject)
      req.end()
    })

  it('a handler that rejects is a 500 envelope that says so, with version 1.0.0', async () => {
    const app = await handle(() => Promise.reject(new Error('boom')))
    const { status, body } = await send(app.url + PATH, 'POST')
    expect(status).toBe(500)
    expect(JSON.parse(body)).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 500, Message: 'The request handler failed unexpectedly.' })
  })

  it('a method the Fetch API cannot carry (TRACE) is a 400 envelope that says it cannot be handled', async () => {
    const app = await handle(() => Promise.resolve(new Response('never')))
    const { status, body } = await send(app.url + PATH, 'TRACE')
    expect(status).toBe(400)
    expect(JSON.parse(body)).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 400, Message: 'This request cannot be handled.' })
  })

  it('HEAD: the body the handler made is cancelled, not read (one that never ends does not hold the answer)', async () => {
    let cancelled!: () => void
    const wasCancelled = new Promise<void>((resolve) => (cancelled = resolve))
    const app = await handle(async () => {
      const body = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new TextEncoder().encode('x')), cancel: () => cancelled() })
      return new Response(body, { headers: { 'x-kept': 'yes' } })
    })
    const { status } = await send(app.url + PATH, 'HEAD')
    expect(status).toBe(200)
    await wasCancelled
  })

  it('a body that fails after the headers went out cuts the connection (no envelope is mixed into it)', async () => {
    const app = await handle(async () => {
      let sent = false
      const body = new ReadableStream<Uint8Array>({
        pull: (controller) => {
          if (sent) return controller.error(new Error('broken'))
          sent = true
          controller.enqueue(new TextEncoder().encode('{"Data":'))
        },
      })
      return new Response(body, { headers: { 'content-type': 'application/json' } })
    })
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest(app.url + PATH, { method: 'POST' }, (res) => {
        const parts: Buffer[] = []
        res.on('data', (chunk: Buffer) => parts.push(chunk))
        res.on('error', () => resolve('cut'))
        res.on('end', () => resolve(`ended with ${Buffer.concat(parts).toString()}`))
      })
      req.on('error', () => resolve('cut'))
      req.end()
    })
    expect(outcome).toBe('cut')
  })

  it.each([
    ['the request was destroyed', (req: IncomingMessage) => void req.destroy()],
    ['the response was destroyed', (_: IncomingMessage, res: ServerResponse) => void res.destroy()],
  ])('a visitor gone before the handler was reached (%s): its signal is aborted already', async (_, leave) => {
    let seen!: (aborted: boolean) => void
    const aborted = new Promise<boolean>((resolve) => (seen = resolve))
    const listener = toNodeHandler(async (request) => {
      seen(request.signal.aborted)
      return new Response(null)
    })
    const app = await serve((req, res) => {
      leave(req, res)
      listener(req, res)
    })
    stops.push(app.close)
    await send(app.url + PATH, 'POST').catch(() => {})
    expect(await aborted).toBe(true)
  })
})

describe('toNodeHandler fast path: an answer that cannot be written', () => {
  it('an authorize Response whose body fails before anything was sent is a 500 envelope with the handler\'s version', async () => {
    const upstream = await fakeUpstream()
    stops.push(upstream.close)
    const body = new ReadableStream<Uint8Array>({ pull: (controller) => controller.error(new Error('broken')) })
    const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: ['bot-1'], baseUrl: upstream.url, version: '9.9.9', authorize: () => new Response(body, { status: 403 }) })
    const app = await serve(toNodeHandler(handler))
    stops.push(app.close)
    const response = await fetch(app.url + '/api/hottask' + PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serialNumber: 'bot-1' }) })
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ Data: null, Version: '9.9.9', Success: false, Code: 500, Message: 'The request handler failed unexpectedly.' })
    expect(upstream.requests).toHaveLength(0)
  })
})

describe('toNodeHandler with any other Fetch handler: an upload that breaks off', () => {
  it('aborts the request\'s signal before the handler\'s read of the body fails', async () => {
    let seen!: (aborted: boolean) => void
    const abortedWhenReadFailed = new Promise<boolean>((resolve) => (seen = resolve))
    let arrived!: () => void
    const uploadStarted = new Promise<void>((resolve) => (arrived = resolve))
    const app = await serve(
      toNodeHandler(async (request) => {
        arrived()
        await request.text().catch(() => seen(request.signal.aborted))
        return new Response(null)
      }),
    )
    stops.push(app.close)
    const upload = httpRequest(app.url + PATH, { method: 'POST', headers: { 'content-length': '1000' } })
    upload.on('error', () => {})
    upload.write('{"serialNumber":')
    await uploadStarted
    upload.destroy()
    expect(await abortedWhenReadFailed).toBe(true)
  })

  it('aborts the signal before the handler\'s read fails when the request stream errors and the response is still open (middleware destroyed it)', async () => {
    let seen!: (aborted: boolean) => void
    const abortedWhenReadFailed = new Promise<boolean>((resolve) => (seen = resolve))
    const listener = toNodeHandler(async (request) => {
      await request.text().catch(() => seen(request.signal.aborted))
      return new Response(null)
    })
    const app = await serve((req, res) => {
      listener(req, res)
      req.once('data', () => req.destroy(new Error('The upload is refused.')))
    })
    stops.push(app.close)
    const upload = httpRequest(app.url + PATH, { method: 'POST', headers: { 'content-length': '1000' } })
    upload.on('error', () => {})
    upload.write('{"serialNumber":')
    expect(await abortedWhenReadFailed).toBe(true)
    upload.destroy()
  })
})
