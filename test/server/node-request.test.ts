import { toNodeHandler, type HotTaskHandler, type NodeRequestLike } from '../../src/server'
import { requestFromNode } from '../../src/server/node/request'
import { deferred, serveFetchHandler } from './fetch-handler-on-node'
import { rawRequest, type RawRequest } from './loopback'
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect as http2Connect, createServer as createHttp2Server, type Http2Server } from 'node:http2'
import { connect as netConnect, type AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'

// The generic Node adapter: toNodeHandler given a Fetch handler that createHotTaskHandler did not make.

const PATH = '/api/hottask/chat/Chatbot/GetSession'
const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

const serveFetch = (handler: HotTaskHandler, before?: Parameters<typeof serveFetchHandler>[2]) => serveFetchHandler(handler, stops, before)


/** A Fetch handler that answers with the request's body text (or the message of the error reading it threw). */
const echoBody: HotTaskHandler = async (request) => {
  try {
    return new Response(await request.text())
  } catch (error) {
    return new Response(`read failed: ${(error as Error).message}`, { status: 500 })
  }
}

/** Runs `next` after reading the whole body, as a body parser does; `parse` says what it leaves in req.body. */
const bodyParser =
  (parse?: (text: string) => unknown) =>
  (req: IncomingMessage, _res: ServerResponse, next: () => void) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.once('end', () => {
      if (parse) Object.assign(req, { body: parse(Buffer.concat(chunks).toString()) })
      next()
    })
  }

describe('toNodeHandler with any Fetch handler: the request body', () => {
  it('streams the body to the handler byte for byte, a character split across chunks included', async () => {
    const app = await serveFetch(echoBody)
    const euro = Buffer.from('€')
    const response = await rawRequest(app.url + PATH, { chunks: [Buffer.concat([Buffer.from('price: '), euro.subarray(0, 1)]), euro.subarray(1), ' 5'] })
    expect([response.status, response.body]).toEqual([200, 'price: € 5'])
  })

  it('carries a body that middleware decoded to text (req.setEncoding) as the bytes that were sent', async () => {
    const app = await serveFetch(echoBody, (req, _res, next) => (req.setEncoding('utf8'), next()))
    const response = await rawRequest(app.url + PATH, { chunks: ['{"serialNumber":', '"bot-€"}'] })
    expect(response.body).toBe('{"serialNumber":"bot-€"}')
  })

  it.each([
    ['a parsed JSON value (express.json())', (text: string) => JSON.parse(text), '{"serialNumber":"bot-1"}'],
    ['text (express.text())', (text: string) => text, '{"serialNumber":"bot-1"}'],
    ['bytes (express.raw())', (text: string) => Buffer.from(text), '{"serialNumber":"bot-1"}'],
    ['a value that cannot be JSON again (a BigInt): an empty body', () => 1n, ''],
  ])('behind a body parser, gives the handler what it left in req.body: %s', async (_, parse, expected) => {
    const app = await serveFetch(echoBody, bodyParser(parse))
    const response = await rawRequest(app.url + PATH, { headers: { 'content-type': 'application/json' }, chunks: ['{"serialNumber":"bot-1"}'] })
    expect([response.status, response.body]).toEqual([200, expected])
  })

  it('behind middleware that read the body and left no req.body, reading it fails with an error that says to mount the route first', async () => {
    const app = await serveFetch(echoBody, bodyParser())
    const response = await rawRequest(app.url + PATH, { chunks: ['{"serialNumber":"bot-1"}'] })
    expect(response.status).toBe(500)
    expect(response.body).toContain('read failed: HotTask config: toNodeHandler got a request whose body was already read')
    expect(response.body).toContain('Mount the HotTask route before body parsers')
  })

  it('lets the handler stop reading a large upload and still deliver its answer, with no error from the rest', async () => {
    const app = await serveFetch(async (request) => {
      const reader = request.body!.getReader()
      const { value } = await reader.read()
      await reader.cancel()
      return new Response(`too large after ${value!.byteLength > 0 ? 'some' : 'no'} bytes`, { status: 413 })
    })
    const chunks = Array.from({ length: 256 }, () => 'x'.repeat(1024)) // 256 KiB, chunked
    const response = await rawRequest(app.url + PATH, { chunks })
    expect([response.status, response.body]).toEqual([413, 'too large after some bytes'])
  })

  it('fails the handler’s read of the body, rather than leaving it waiting, when the client breaks off the upload', async () => {
    const failure = deferred<string>()
    const app = await serveFetch(async (request) => {
      failure.resolve(await request.text().then(() => 'read the whole body', (error: Error) => `failed: ${error.message}`))
      return new Response(null, { status: 204 })
    })
    const req = httpRequest(app.url + PATH, { method: 'POST', headers: { 'content-length': '1000' } })
    req.on('error', () => {})
    req.write('{"serialNumber"', () => setImmediate(() => req.destroy()))
    expect(await failure.promise).toBe('failed: aborted')
  })

  it.each(['GET', 'HEAD'])('gives the handler no body for a %s request, and calls it', async (method) => {
    const seen: Array<[string, boolean]> = []
    const app = await serveFetch(async (request) => {
      seen.push([request.method, request.body === null])
      return new Response(null, { status: 204 })
    })
    expect((await rawRequest(app.url + PATH, { method })).status).toBe(204)
    expect(seen).toEqual([[method, true]])
  })
})

describe('toNodeHandler with any Fetch handler: the request URL and headers', () => {
  const seenUrl = async (options: RawRequest) => {
    const urls: string[] = []
    const app = await serveFetch(async (request) => (urls.push(request.url), new Response('ok')))
    const response = await rawRequest(app.url + PATH, { method: 'GET', ...options })
    return { url: urls[0], status: response.status, app }
  }

  it('puts the request on localhost when its Host header is not a host name', async () => {
    const { url, status } = await seenUrl({ headers: { host: 'not a host' } })
    expect([status, url]).toEqual([200, `http://localhost${PATH}`])
  })

  it('puts the request on localhost when it has no Host header at all (HTTP/1.0)', async () => {
    const urls: string[] = []
    const app = await serveFetch(async (request) => (urls.push(request.url), new Response('ok')))
    const { port } = new URL(app.url)
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = netConnect(Number(port), '127.0.0.1', () => socket.write(`GET ${PATH}?x=1 HTTP/1.0\r\n\r\n`))
      let text = ''
      socket.on('data', (chunk) => (text += chunk.toString()))
      socket.on('end', () => resolve(text))
      socket.on('error', reject)
    })
    expect(reply).toMatch(/^HTTP\/1\.[01] 200 /)
    expect(urls).toEqual([`http://localhost${PATH}?x=1`])
  })

  it('serves a request target that carries credentials (//user:pass@host/…), dropping them from the URL', async () => {
    const { url, status } = await seenUrl({ path: `//user:secret@app.test${PATH}` })
    expect(status).toBe(200)
    expect(url).toBe(`http://app.test${PATH}`)
  })

  it('serves HTTP/2 (node:http2): its pseudo-headers are left out of the Request, every other header is kept', async () => {
    const seen: Array<{ url: string; method: string; headers: Array<[string, string]>; body: string }> = []
    const handler: HotTaskHandler = async (request) => {
      seen.push({ url: request.url, method: request.method, headers: [...request.headers], body: await request.text() })
      return new Response('over h2', { headers: { 'x-a': '1' } })
    }
    const server: Http2Server = createHttp2Server(toNodeHandler(handler) as unknown as Parameters<typeof createHttp2Server>[0])
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const client = http2Connect(origin)
    stops.push(() => new Promise<void>((resolve) => (client.close(), server.close(() => resolve()))))
    const answer = await new Promise<{ status: number; xa: unknown; body: string }>((resolve, reject) => {
      const stream = client.request({ ':method': 'POST', ':path': `${PATH}?x=1`, 'x-client': 'h2' })
      let body = ''
      let head: Record<string, unknown> = {}
      stream.on('response', (headers) => (head = headers))
      stream.on('data', (chunk: Buffer) => (body += chunk.toString()))
      stream.on('end', () => resolve({ status: Number(head[':status']), xa: head['x-a'], body }))
      stream.on('error', reject)
      stream.end('{"serialNumber":"bot-1"}')
    })
    expect(answer).toEqual({ status: 200, xa: '1', body: 'over h2' })
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ url: `${origin}${PATH}?x=1`, method: 'POST', body: '{"serialNumber":"bot-1"}' })
    expect(seen[0]!.headers).toContainEqual(['x-client', 'h2'])
    expect(seen[0]!.headers.filter(([name]) => name.startsWith(':'))).toEqual([])
  })

  it('aborts the handler’s signal at once when the client had left before the route was reached', async () => {
    const signals: boolean[] = []
    const reached = deferred()
    const app = await serveFetch(
      async (request) => {
        signals.push(request.signal.aborted)
        reached.resolve()
        return new Response(null, { status: 204 })
      },
      // An async middleware that finishes after the client has gone.
      (_req, res, next) => res.once('close', () => setImmediate(next)),
    )
    const req = httpRequest(app.url + PATH, { method: 'GET' })
    req.on('error', () => {})
    req.end(() => setImmediate(() => req.destroy()))
    await reached.promise
    expect(signals).toEqual([true])
  })
})

/** A Node request as Express, http2's compatibility API or a test double may hand it over. */
function nodeRequest(fields: Partial<NodeRequestLike> & { chunks?: Array<string | Uint8Array> }): NodeRequestLike {
  const stream = new Readable({ read() {} })
  for (const chunk of fields.chunks ?? []) stream.push(chunk)
  if (fields.chunks) stream.push(null)
  return Object.assign(stream, { method: 'POST', url: PATH, headers: { host: 'app.test' }, socket: null, ...fields }) as unknown as NodeRequestLike
}

describe('requestFromNode: what the Fetch handler is given', () => {
  const signal = new AbortController().signal

  it('an https URL for a request that came over TLS, http otherwise (also with no socket left)', () => {
    expect(requestFromNode(nodeRequest({ method: 'GET', socket: { encrypted: true } }), signal).url).toBe(`https://app.test${PATH}`)
    expect(requestFromNode(nodeRequest({ method: 'GET', socket: {} }), signal).url).toBe(`http://app.test${PATH}`)
    expect(requestFromNode(nodeRequest({ method: 'GET', socket: null }), signal).url).toBe(`http://app.test${PATH}`)
  })

  it('the root path and GET when Node gives neither a URL nor a method', () => {
    const request = requestFromNode(nodeRequest({ method: undefined, url: undefined }), signal)
    expect([request.url, request.method, request.body]).toEqual(['http://app.test/', 'GET', null])
  })

  it('every value of a repeated header, and no header that Node left undefined', () => {
    const request = requestFromNode(nodeRequest({ method: 'GET', headers: { host: 'app.test', 'x-many': ['a', 'b'], 'x-none': undefined } }), signal)
    expect([...request.headers]).toEqual([
      ['host', 'app.test'],
      ['x-many', 'a, b'],
    ])
  })

  it('no body when asked for none (the fast path reads the body itself), even for a POST', () => {
    const req = nodeRequest({ chunks: ['{"serialNumber":"bot-1"}'] })
    const request = requestFromNode(req, signal, false)
    expect([request.method, request.body]).toEqual(['POST', null])
  })

  it('the body of a POST, read from the Node stream only as far as the handler has read it (one chunk ahead at most)', async () => {
    const chunks = Array.from({ length: 50 }, (_, index) => `chunk-${String(index).padStart(2, '0')};`)
    const req = nodeRequest({ chunks }) as unknown as Readable
    const reader = requestFromNode(req as unknown as NodeRequestLike, signal).body!.getReader()
    const taken = () => chunks.length - req.readableLength / chunks[0]!.length
    for (let read = 1; read <= 3; read++) {
      const { value } = await reader.read()
      expect(new TextDecoder().decode(value)).toBe(chunks[read - 1])
      await new Promise((resolve) => setImmediate(resolve)) // whatever the Node stream would emit now, it has
      expect(taken()).toBeLessThanOrEqual(read + 1)
    }
    let rest = ''
    for (let next = await reader.read(); !next.done; next = await reader.read()) rest += new TextDecoder().decode(next.value)
    expect(rest).toBe(chunks.slice(3).join(''))
  })

  it('a failed upload fails the body once: an end the stream reports after its error changes nothing', async () => {
    const req = nodeRequest({})
    const stream = req as unknown as Readable
    const request = requestFromNode(req, signal)
    stream.push('{"serial')
    const failure = new Error('aborted')
    stream.destroy(failure)
    await expect(request.text()).rejects.toBe(failure)
    expect(() => stream.emit('end')).not.toThrow()
  })

  it('a body that has fully arrived is not lost to a stream error that comes after it', async () => {
    const req = nodeRequest({})
    const stream = req as unknown as Readable
    const request = requestFromNode(req, signal)
    stream.push('{"serialNumber":"bot-1"}')
    stream.push(null)
    await new Promise((resolve) => stream.once('end', resolve))
    stream.emit('error', new Error('socket reset after the body'))
    expect(await request.text()).toBe('{"serialNumber":"bot-1"}')
  })
})
