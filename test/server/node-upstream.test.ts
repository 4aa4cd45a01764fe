import { createHotTaskHandler, toNodeHandler, type HotTaskHandlerOptions } from '../../src/server'
import { nodeTransport } from '../../src/server/node/http-upstream'
import { fakeUpstream, serve, successBody, type Loopback, serveUntilClosed } from './loopback'
import { API_KEY } from './secret'
import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'

const SERIAL = 'bot-1'
const PATH = '/api/hottask/chat/Chatbot/GetSession'
const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

/** Our handler under toNodeHandler, calling `upstream` through node:http (no `fetch` option). */
async function proxyTo(upstream: Loopback, options: Partial<HotTaskHandlerOptions> = {}) {
  const onError = vi.fn()
  const app = await serve(toNodeHandler(createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError, ...options })))
  stops.push(app.close)
  const post = async (signal?: AbortSignal) => {
    const response = await fetch(app.url + PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serialNumber: SERIAL }), signal })
    return { status: response.status, body: await response.json() }
  }
  return { post, onError }
}

/** A fake HotTask whose handler is `listener`, closed after the test. */
const upstreamServing = (listener: RequestListener) => serveUntilClosed(stops, listener)

describe('toNodeHandler calls HotTask through node:http', () => {
  it('with a keep-alive agent: sequential calls share one connection to HotTask', async () => {
    const upstream = await fakeUpstream()
    stops.push(upstream.close)
    const sockets = new Set<unknown>()
    upstream.server.on('connection', (socket) => sockets.add(socket))
    const { post } = await proxyTo(upstream)
    for (let i = 0; i < 3; i++) expect((await post()).status).toBe(200)
    expect(upstream.requests).toHaveLength(3)
    expect(sockets.size).toBe(1)
    expect(upstream.requests[0]!.headers).toMatchObject({ authorization: API_KEY, 'content-type': 'application/json', 'content-length': String(JSON.stringify({ serialNumber: SERIAL }).length) })
  })

  it('a reply declared larger than 64 KiB is not read: 502, not the envelope', async () => {
    const upstream = await upstreamServing((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(70_000) })
      res.write('{"Data":')
    })
    const { post } = await proxyTo(upstream)
    const { status, body } = await post()
    expect(status).toBe(502)
    expect(body.Message).toBe("HotTask answered with a reply that is not the API's envelope.")
  })

  it('a streamed reply is read only up to 64 KiB', async () => {
    let written = 0
    const upstream = await upstreamServing((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const more = () => {
        while (written < 10 * 1024 * 1024) {
          written += 16 * 1024
          if (!res.write(' '.repeat(16 * 1024))) return void res.once('drain', more)
        }
        res.end()
      }
      res.on('error', () => {})
      more()
    })
    const { post } = await proxyTo(upstream)
    expect((await post()).status).toBe(502)
    expect(written).toBeLessThan(10 * 1024 * 1024)
  })

  it('a reply that breaks off is a 502 that says it could not be read, and onError is told', async () => {
    const upstream = await upstreamServing((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' })
      res.write('{"Data":', () => res.destroy())
    })
    const { post, onError } = await proxyTo(upstream)
    const { status, body } = await post()
    expect(status).toBe(502)
    expect(body.Message).toBe("HotTask's reply could not be read or relayed.")
    expect(onError).toHaveBeenCalledTimes(1)
  })

  it('an unreachable HotTask is a 502 "Could not reach HotTask."', async () => {
    const closed = await serve(() => {})
    await closed.close()
    const { post, onError } = await proxyTo(closed)
    const { status, body } = await post()
    expect(status).toBe(502)
    expect(body.Message).toBe('Could not reach HotTask.')
    expect(onError).toHaveBeenCalledTimes(1)
  })

  it('a HotTask that does not answer within timeoutMs: 504, and its connection is closed', async () => {
    let closed!: () => void
    const upstreamClosed = new Promise<void>((resolve) => (closed = resolve))
    const upstream = await upstreamServing((req) => req.socket.once('close', closed))
    const { post } = await proxyTo(upstream, { timeoutMs: 50 })
    const { status, body } = await post()
    expect(status).toBe(504)
    expect(body.Message).toBe('HotTask did not reply within 50 ms.')
    await upstreamClosed
  })

  it('a visitor who leaves cancels the call to HotTask, and onError is not told', async () => {
    let arrived!: () => void
    const upstreamArrived = new Promise<void>((resolve) => (arrived = resolve))
    let closed!: () => void
    const upstreamClosed = new Promise<void>((resolve) => (closed = resolve))
    const upstream = await upstreamServing((req) => {
      req.socket.once('close', closed)
      arrived()
    })
    const { post, onError } = await proxyTo(upstream)
    const visitor = new AbortController()
    const answer = post(visitor.signal).catch((error: unknown) => error)
    await upstreamArrived
    visitor.abort()
    await upstreamClosed
    expect(await answer).toBeInstanceOf(Error)
    expect(onError).not.toHaveBeenCalled()
  })

  it('reaches a HotTask at an IPv6 address (the brackets are the URL\'s, not the host\'s)', async () => {
    const v6 = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(successBody(7))
    })
    await new Promise<void>((resolve) => v6.listen(0, '::1', resolve))
    stops.push(() => new Promise<void>((resolve) => v6.close(() => resolve())))
    v6.on('connection', (socket) => stops.push(async () => void socket.destroy()))
    const url = `http://[::1]:${(v6.address() as AddressInfo).port}`
    const { post } = await proxyTo({ url, server: v6, close: async () => {} })
    expect(await post()).toMatchObject({ status: 200, body: { Data: { SessionID: 7 } } })
  })
})

describe('nodeTransport', () => {
  it('is undefined where Node cannot hand over its http module synchronously (before Node 20.16)', () => {
    const original = process.getBuiltinModule
    Object.defineProperty(process, 'getBuiltinModule', { value: undefined, configurable: true })
    try {
      expect(nodeTransport()).toBeUndefined()
    } finally {
      Object.defineProperty(process, 'getBuiltinModule', { value: original, configurable: true })
    }
  })

  it('keeps one keep-alive agent per host: calls to two URLs of one host share a connection, another host has its own', async () => {
    const [one, other] = await Promise.all([fakeUpstream(), fakeUpstream()])
    stops.push(one.close, other.close)
    const sockets = new Set<unknown>()
    for (const upstream of [one, other]) upstream.server.on('connection', (socket) => sockets.add(socket))
    const transport = nodeTransport()!
    const send = async (url: string) => (await transport(url)('key', '{}').reply).body
    for (const path of ['/chat/Chatbot/GetSession', '/chat/Chat/ClientAsk', '/chat/Chatbot/GetSession']) await send(one.url + path)
    expect(sockets.size).toBe(1)
    await send(`${other.url}/chat/Chat/ClientAsk`)
    await send(`${other.url}/chat/Chatbot/GetSession`)
    expect(sockets.size).toBe(2)
    expect(one.requests.map((seen) => seen.url)).toEqual(['/chat/Chatbot/GetSession', '/chat/Chat/ClientAsk', '/chat/Chatbot/GetSession'])
    expect(other.requests).toHaveLength(2)
  })

  it('configures a 4 s idle timeout on the agent, under the 5 s and more after which servers and load balancers close theirs', async () => {
    const http = await import('node:http')
    const made: unknown[] = []
    class Agent extends http.Agent {
      constructor(options: ConstructorParameters<typeof http.Agent>[0]) {
        super(options)
        made.push(options)
      }
    }
    const builtin = vi.spyOn(process, 'getBuiltinModule').mockReturnValue({ ...http, Agent })
    try {
      nodeTransport()!('http://127.0.0.1:9/chat/Chatbot/GetSession')
      expect(made).toEqual([{ keepAlive: true, timeout: 4000 }])
    } finally {
      builtin.mockRestore()
    }
  })

  it('uses node:https for an https URL', () => {
    const builtin = vi.spyOn(process, 'getBuiltinModule')
    try {
      nodeTransport()!('https://usapi.hottask.com/chat/Chatbot/GetSession')
      expect(builtin).toHaveBeenCalledWith('node:https')
    } finally {
      builtin.mockRestore()
    }
  })
})
