import { toNodeHandler, type HotTaskHandler, type NodeRequestLike, type NodeResponseLike } from '../../src/server'
import { writeResponseToNode } from '../../src/server/node/response'
import { deferred, serveFetchHandler } from './fetch-handler-on-node'
import { EventEmitter } from 'node:events'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'

// The generic Node adapter: toNodeHandler given a Fetch handler that createHotTaskHandler did not make,
// and how the handler's Response is written to Node's `res`.

const PATH = '/api/hottask/chat/Chatbot/GetSession'
const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

const serveFetch = (handler: HotTaskHandler, before?: Parameters<typeof serveFetchHandler>[2]) => serveFetchHandler(handler, stops, before)

function send(url: string, method = 'GET') {
  return new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(url, { method }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (chunk: Buffer) => parts.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** A response body the test watches: each chunk it gives, and whether (and why) it was cancelled. */
function watchedBody(chunks: Array<string | Uint8Array>, { thenWait = false, cancelThrows = false } = {}) {
  const cancelled = deferred<unknown>()
  let given = 0
  const encoder = new TextEncoder()
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (given < chunks.length) {
        const chunk = chunks[given++]!
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
      } else if (!thenWait) controller.close()
      else return new Promise(() => {}) // a body whose next part never comes, say an upstream that stalls
    },
    cancel(reason) {
      cancelled.resolve(reason)
      if (cancelThrows) throw new Error('cleanup failed')
    },
  }, { highWaterMark: 0 }) // asked for a chunk only when one is read
  return { stream, cancelled: cancelled.promise, given: () => given }
}

describe('toNodeHandler with any Fetch handler: the Response written back', () => {
  it('writes the status and headers of a Response without a body, and nothing else', async () => {
    const app = await serveFetch(async () => new Response(null, { status: 204, headers: { 'x-a': '1' } }))
    const response = await send(app.url + PATH)
    expect([response.status, response.headers['x-a'], response.body.length]).toEqual([204, '1', 0])
  })

  it('writes the Set-Cookie of a runtime whose Headers have no getSetCookie (older Node 18 releases, polyfills)', async () => {
    const app = await serveFetch(async () => {
      const response = new Response('ok', { headers: { 'set-cookie': 'a=1', 'x-a': '1' } })
      Object.defineProperty(response.headers, 'getSetCookie', { value: undefined })
      return response
    })
    const response = await send(app.url + PATH)
    expect([response.status, response.headers['set-cookie'], response.headers['x-a']]).toEqual([200, ['a=1'], '1'])
  })

  it('keeps a Set-Cookie that middleware set before the route when the handler sets none', async () => {
    const app = await serveFetch(
      async () => new Response('ok'),
      (_req, res, next) => (res.setHeader('set-cookie', ['session=1']), next()),
    )
    expect((await send(app.url + PATH)).headers['set-cookie']).toEqual(['session=1'])
  })

  it('streams a large body to the client whole and in order, however slowly the socket drains', async () => {
    const chunk = (index: number) => new Uint8Array(64 * 1024).fill(index % 251)
    const body = watchedBody(Array.from({ length: 64 }, (_, index) => chunk(index))) // 4 MiB
    const app = await serveFetch(async () => new Response(body.stream))
    const response = await send(app.url + PATH)
    expect(response.body.length).toBe(64 * 64 * 1024)
    for (let index = 0; index < 64; index++) expect(response.body[index * 64 * 1024 + 7]).toBe(index % 251)
  })

  it('answers HEAD with the headers alone, and cancels the body the handler made (so it can free what feeds it)', async () => {
    const body = watchedBody(['never sent'], { thenWait: true })
    const app = await serveFetch(async () => new Response(body.stream, { headers: { 'x-a': '1' } }))
    const response = await send(app.url + PATH, 'HEAD')
    expect([response.status, response.headers['x-a'], response.body.length]).toEqual([200, '1', 0])
    await body.cancelled
    expect(body.given()).toBe(0)
  })

  it('cancels, unread, the body of an answer that comes after the client has left (a failing cancel is no crash)', async () => {
    const body = watchedBody(['never sent'], { cancelThrows: true })
    const app = await serveFetch(async (request) => {
      await new Promise((resolve) => request.signal.addEventListener('abort', resolve))
      return new Response(body.stream)
    })
    const req = httpRequest(app.url + PATH)
    req.on('error', () => {})
    req.end(() => setImmediate(() => req.destroy()))
    await body.cancelled
    expect(body.given()).toBe(0)
  })

  it('cancels the body at once when the client leaves while the body waits for its next part', async () => {
    const body = watchedBody(['first part'], { thenWait: true, cancelThrows: true })
    const app = await serveFetch(async () => new Response(body.stream))
    const firstPart = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(app.url + PATH, (res) => res.once('data', (chunk: Buffer) => (resolve(chunk.toString()), req.destroy())))
      req.on('error', () => {}).on('response', (res) => res.on('error', reject))
      req.end()
    })
    expect(firstPart).toBe('first part')
    await body.cancelled
  })

  it('cuts the connection when the body fails after the answer began: no error envelope glued to a half-sent body', async () => {
    let part = 0
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (part++ === 0) controller.enqueue(new TextEncoder().encode('{"Data":'))
        else controller.error(new Error('upstream broke off'))
      },
    })
    const app = await serveFetch(async () => new Response(failing, { headers: { 'content-type': 'application/json' } }))
    const outcome = await new Promise<{ received: string; complete: boolean }>((resolve) => {
      let received = ''
      const req = httpRequest(app.url + PATH, (res) => {
        res.on('data', (chunk: Buffer) => (received += chunk.toString()))
        res.on('error', () => resolve({ received, complete: false }))
        res.on('end', () => resolve({ received, complete: res.complete }))
      })
      // The connection may be cut before the head of the answer arrives: a socket hang-up.
      req.on('error', () => resolve({ received, complete: false }))
      req.end()
    })
    expect(outcome.complete).toBe(false)
    expect(outcome.received).not.toContain('Code')
  })

  it('answers a 500 envelope when the Response has a header Node cannot send', async () => {
    const app = await serveFetch(async () => new Response('ok', { headers: { 'x-a': 'a\u0001b' } }))
    const response = await send(app.url + PATH)
    expect(response.status).toBe(500)
    expect(JSON.parse(response.body.toString())).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 500, Message: 'The request handler failed unexpectedly.' })
  })

  it('answers a handler that rejects with a 500 envelope, and a HEAD request with its headers alone', async () => {
    const app = await serveFetch(() => Promise.reject(new Error('boom')))
    const response = await send(app.url + PATH, 'POST')
    expect(response.status).toBe(500)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    expect(JSON.parse(response.body.toString())).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 500, Message: 'The request handler failed unexpectedly.' })
    const head = await send(app.url + PATH, 'HEAD')
    expect([head.status, head.body.length]).toEqual([500, 0])
  })

  it('answers a method the Fetch API cannot carry (TRACE) with a 400 envelope, without calling the handler', async () => {
    let called = false
    const app = await serveFetch(async () => ((called = true), new Response('ok')))
    const response = await send(app.url + PATH, 'TRACE')
    expect(response.status).toBe(400)
    expect(JSON.parse(response.body.toString())).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 400, Message: 'This request cannot be handled.' })
    expect(called).toBe(false)
  })
})

/** A Node response whose socket the test drains by hand: `write` reports a full buffer until told otherwise. */
class SlowResponse extends EventEmitter implements NodeResponseLike {
  statusCode = 200
  headersSent = false
  writableFinished = false
  destroyed = false
  readonly headers = new Map<string, string | readonly string[]>()
  readonly written: string[] = []
  ended = false
  /** Called with the chunk on each write; returns what `write` returns (false: wait for 'drain'). */
  onWrite: (chunk: string) => boolean = () => false
  /** Resolves when the response is ended or destroyed. */
  readonly settled = new Promise<void>((resolve) => this.once('settled', resolve))

  setHeader(name: string, value: string | readonly string[]) {
    this.headers.set(name, value)
  }

  write(chunk: Uint8Array) {
    this.headersSent = true
    const text = new TextDecoder().decode(chunk)
    this.written.push(text)
    return this.onWrite(text)
  }

  end() {
    this.ended = true
    this.emit('settled')
  }

  destroy() {
    this.destroyed = true
    this.emit('settled')
  }

  /** Resolves when the writer starts waiting for 'drain'. */
  waitsForDrain() {
    return new Promise<void>((resolve) => {
      const watch = (event: string) => event === 'drain' && (this.off('newListener', watch), resolve())
      this.on('newListener', watch)
    })
  }
}

describe('writeResponseToNode on a connection that drains slowly', () => {
  it('takes the next chunk from the body only once the socket has drained', async () => {
    const res = new SlowResponse()
    const body = watchedBody(['a', 'b', 'c'])
    let waiting = res.waitsForDrain()
    const done = writeResponseToNode(new Response(body.stream), res, false)
    for (const sent of [['a'], ['a', 'b']]) {
      await waiting
      expect(res.written).toEqual(sent)
      expect(body.given()).toBeLessThanOrEqual(sent.length + 1)
      waiting = res.waitsForDrain()
      res.emit('drain')
    }
    await waiting
    res.emit('drain')
    await done
    expect([res.written, res.ended]).toEqual([['a', 'b', 'c'], true])
  })

  it('stops waiting, and cancels the body, when the connection closes before it drains', async () => {
    const res = new SlowResponse()
    const body = watchedBody(['a', 'b'], { thenWait: true })
    const waiting = res.waitsForDrain()
    const done = writeResponseToNode(new Response(body.stream), res, false)
    await waiting
    res.emit('close')
    await done
    await body.cancelled
    expect([res.written, res.ended]).toEqual([['a'], false])
  })

  it('does not wait for a drain that cannot come when the connection closed during the write', async () => {
    const res = new SlowResponse()
    res.onWrite = () => (res.emit('close'), false)
    const body = watchedBody(['a', 'b'])
    await writeResponseToNode(new Response(body.stream), res, false)
    await body.cancelled
    expect(res.written).toEqual(['a'])
  })

  it('writes nothing on a connection that was already closed, and cancels the body unread', async () => {
    const res = new SlowResponse()
    res.destroyed = true
    const body = watchedBody(['a'])
    await writeResponseToNode(new Response(body.stream), res, false)
    await body.cancelled
    expect([res.written, body.given()]).toEqual([[], 0])
  })

  it('writes each Set-Cookie apart and every other header as it is', async () => {
    const res = new SlowResponse()
    const headers = new Headers({ 'x-a': '1' })
    headers.append('set-cookie', 'a=1')
    headers.append('set-cookie', 'b=2')
    await writeResponseToNode(new Response(null, { status: 201, headers }), res, false)
    expect([res.statusCode, Object.fromEntries(res.headers), res.ended]).toEqual([201, { 'x-a': '1', 'set-cookie': ['a=1', 'b=2'] }, true])
  })
})

describe('toNodeHandler (any Fetch handler) on a response of another framework’s making', () => {
  const getRequest = () =>
    Object.assign(new Readable({ read() {} }), { method: 'GET', url: PATH, headers: { host: 'app.test' }, socket: null }) as unknown as NodeRequestLike

  it('cuts a response whose body failed after it began, even one that would take more: no envelope after half a body', async () => {
    const res = new SlowResponse()
    res.onWrite = () => true
    let part = 0
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (part++ === 0) controller.enqueue(new TextEncoder().encode('first'))
        else controller.error(new Error('upstream broke off'))
      },
    })
    toNodeHandler(async () => new Response(failing))(getRequest(), res)
    await res.settled
    expect([res.written, res.destroyed, res.ended]).toEqual([['first'], true, false])
  })

  it('destroys a response that refuses even the 500 envelope, rather than leaving the client waiting', async () => {
    const res = new SlowResponse()
    res.setHeader = () => {
      throw new TypeError('this response takes no headers')
    }
    toNodeHandler(async () => new Response('ok', { headers: { 'x-a': '1' } }))(getRequest(), res)
    await res.settled
    expect([res.destroyed, res.ended, res.written]).toEqual([true, false, []])
  })
})
