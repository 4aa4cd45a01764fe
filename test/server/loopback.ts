import { createServer, request as httpRequest, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A Node server on 127.0.0.1 with a free port, and a way to stop it (open connections included). */
export interface Loopback {
  url: string
  server: Server
  close(): Promise<void>
}

/** `server` listening on 127.0.0.1 on a free port. */
export async function listenOnLoopback(server: Server): Promise<Loopback> {
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 2048 }, resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** `listener` served on 127.0.0.1 on a free port. */
export const serve = (listener: RequestListener): Promise<Loopback> => listenOnLoopback(createServer(listener))

/** What the fake HotTask saw of one request. */
export interface SeenRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/** The fake HotTask's answer to one request, or `'hang'` to never answer. */
export type UpstreamReply = { status?: number; headers?: Record<string, string>; body?: string } | 'hang'

export const successBody = (sessionId = 123456) =>
  JSON.stringify({ Data: { SessionID: sessionId }, Version: '1.0.0', Success: true, Code: 200, Message: '' })

/**
 * A fake HotTask API on loopback: records every request and answers with `reply` (by default a successful
 * "Create Chat Session" envelope).
 */
export async function fakeUpstream(reply: (seen: SeenRequest) => UpstreamReply = () => ({ body: successBody() })) {
  const requests: SeenRequest[] = []
  const loopback = await serve((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() }
      requests.push(seen)
      const answer = reply(seen)
      if (answer === 'hang') return
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers })
      res.end(answer.body ?? '')
    })
  })
  return { ...loopback, requests }
}

/**
 * What {@link rawRequest} sends: by default a POST with no headers and no body. `chunks` are written one by one
 * (chunked), `body` in one piece with its Content-Length; `path` overrides the URL's.
 */
export interface RawRequest {
  method?: string
  headers?: Record<string, string>
  chunks?: Array<string | Buffer>
  body?: string
  path?: string
}

/** A raw request over node:http, so a test controls chunking, Content-Length, the request target and methods fetch will not send. */
export function rawRequest(url: string, { method = 'POST', headers = {}, chunks = [], body, path }: RawRequest = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const target = new URL(url)
    const req = httpRequest({ host: target.hostname, port: target.port, path: path ?? target.pathname + target.search, method, headers }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (chunk: Buffer) => parts.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString() }))
    })
    req.on('error', reject)
    for (const chunk of chunks) req.write(chunk)
    req.end(body)
  })
}

/** A raw POST over node:http (JSON content type unless `headers` says otherwise): the status and the body text. */
export async function post(url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const { status, body: text } = await rawRequest(url, { headers, body })
  return { status, body: text }
}

/** `listener` served on loopback, its `close` added to `stops` for the test's afterEach. */
export async function serveUntilClosed(stops: Array<() => Promise<void>>, listener: RequestListener): Promise<Loopback> {
  const loopback = await serve(listener)
  stops.push(loopback.close)
  return loopback
}
