import { request as httpRequest } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskHandler, toNodeHandler, type HotTaskHandler } from '../../src/server'
import { fakeUpstream, rawRequest, serve } from './loopback'
import { API_KEY } from './secret'

const SERIAL = 'bot-1'
const PATH = '/api/hottask/chat/Chatbot/GetSession'
const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

async function setup(handler?: HotTaskHandler) {
  const upstream = await fakeUpstream()
  stops.push(upstream.close)
  const onError = vi.fn()
  const hotTask = handler ?? createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError })
  const app = await serve(toNodeHandler(hotTask))
  stops.push(app.close)
  return { app, upstream, onError }
}


describe('toNodeHandler', () => {
  it('serves the handler over node:http: status, headers and body come back; client headers stay behind', async () => {
    const { app, upstream } = await setup()
    const response = await rawRequest(app.url + PATH, {
      headers: { 'content-type': 'application/json', authorization: 'client-key', cookie: 'a=b' },
      chunks: ['{"serial', `Number":"${SERIAL}"}`],
    })
    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(response.body)).toMatchObject({ Success: true, Data: { SessionID: 123456 } })
    expect(upstream.requests[0]!.headers.authorization).toBe(API_KEY)
    expect(upstream.requests[0]!.headers.cookie).toBeUndefined()
    expect(JSON.stringify(response)).not.toContain(API_KEY)
  })

  it('answers 413 to a chunked body that goes past 4 KiB, and the client receives it', async () => {
    const { app, upstream } = await setup()
    const chunks = Array.from({ length: 64 }, () => ' '.repeat(1024)) // 64 KiB, no Content-Length
    const response = await rawRequest(app.url + PATH, { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks })
    expect(response.status).toBe(413)
    expect(JSON.parse(response.body)).toMatchObject({ Success: false, Code: 413 })
    expect(upstream.requests).toHaveLength(0)
  })

  it('answers 413 from Content-Length alone', async () => {
    const { app } = await setup()
    const body = ' '.repeat(5000)
    const response = await rawRequest(app.url + PATH, { headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, chunks: [body] })
    expect(response.status).toBe(413)
  })

  it('gives the handler the full URL, protocol, host and query', async () => {
    const seen: string[] = []
    const { app } = await setup(async (request) => {
      seen.push(request.url, request.method)
      return new Response('ok', { headers: { 'x-a': '1' } })
    })
    const response = await rawRequest(`${app.url}/mount/chat/Chatbot/GetSession?x=1`, { method: 'GET' })
    expect(response.body).toBe('ok')
    expect(response.headers['x-a']).toBe('1')
    expect(seen).toEqual([`${app.url}/mount/chat/Chatbot/GetSession?x=1`, 'GET'])
  })

  it('uses Express’s originalUrl when a router has rewritten req.url', async () => {
    let seen = ''
    const listener = toNodeHandler(async (request) => {
      seen = new URL(request.url).pathname
      return new Response(null, { status: 204 })
    })
    const app = await serve((req, res) => {
      Object.assign(req, { originalUrl: req.url, url: '/chat/Chatbot/GetSession' }) // as app.use('/api/hottask', …) does
      listener(req, res)
    })
    stops.push(app.close)
    await rawRequest(app.url + PATH, { method: 'GET' })
    expect(seen).toBe(PATH)
  })

  it('writes every Set-Cookie header a handler returns', async () => {
    const { app } = await setup(async () => {
      const headers = new Headers()
      headers.append('set-cookie', 'a=1')
      headers.append('set-cookie', 'b=2')
      return new Response(null, { status: 204, headers })
    })
    expect((await rawRequest(app.url + PATH)).headers['set-cookie']).toEqual(['a=1', 'b=2'])
  })

  it('HEAD, OPTIONS and other methods get their answers over HTTP', async () => {
    const { app } = await setup()
    const head = await rawRequest(app.url + PATH, { method: 'HEAD' })
    expect([head.status, head.headers.allow, head.body]).toEqual([405, 'POST', ''])
    const options = await rawRequest(app.url + PATH, { method: 'OPTIONS' })
    expect([options.status, options.headers.allow]).toEqual([405, 'POST'])
    const put = await rawRequest(app.url + PATH, { method: 'PUT' })
    expect([put.status, JSON.parse(put.body).Code]).toEqual([405, 405])
  })

  it('a method fetch cannot carry (TRACE) is a 405 envelope from our handler, a 400 for any other Fetch handler', async () => {
    const ours = await setup()
    const refused = await rawRequest(ours.app.url + PATH, { method: 'TRACE' })
    expect([refused.status, refused.headers.allow]).toEqual([405, 'POST'])
    expect(JSON.parse(refused.body)).toMatchObject({ Success: false, Code: 405 })
    const other = await setup(async () => new Response('never called'))
    const response = await rawRequest(other.app.url + PATH, { method: 'TRACE' })
    expect(response.status).toBe(400)
    expect(JSON.parse(response.body)).toMatchObject({ Success: false, Code: 400 })
  })

  it('a handler that rejects (not ours) is answered with a 500 envelope', async () => {
    const { app } = await setup(() => Promise.reject(new Error('boom')))
    const response = await rawRequest(app.url + PATH)
    expect(response.status).toBe(500)
    expect(JSON.parse(response.body)).toMatchObject({ Success: false, Code: 500 })
  })

  it('aborts the request signal when the client disconnects', async () => {
    let started!: () => void
    const running = new Promise<void>((resolve) => (started = resolve))
    let aborted!: () => void
    const gone = new Promise<void>((resolve) => (aborted = resolve))
    const { app } = await setup(
      (request) =>
        new Promise<Response>((resolve) => {
          started()
          request.signal.addEventListener('abort', () => {
            aborted()
            resolve(new Response(null))
          })
        }),
    )
    const req = httpRequest(app.url + PATH, { method: 'POST' })
    req.on('error', () => {})
    req.end()
    await running
    req.destroy()
    await gone
  })
})
