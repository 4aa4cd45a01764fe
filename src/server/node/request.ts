import { configError } from '../../core/errors'
import type { NodeRequestLike } from './types'

/**
 * The body a parser mounted before the adapter (`express.json()`, `express.text()`, `express.raw()`) left in
 * `req.body`, as bytes for the handler to check like any other body (size, JSON, serial number). A stream
 * that something read without leaving a body cannot be recovered: that is an error naming the cause.
 */
export function parsedBody(req: NodeRequestLike): Uint8Array {
  const { body } = req
  if (body instanceof Uint8Array) return body
  if (typeof body === 'string') return new TextEncoder().encode(body)
  if (body !== undefined) {
    // A value that cannot be JSON again (a BigInt, a cycle) reads as an empty body: a 400, like bad JSON.
    try {
      return new TextEncoder().encode(JSON.stringify(body))
    } catch {
      return new Uint8Array(0)
    }
  }
  throw configError(
    'toNodeHandler got a request whose body was already read by another middleware, which left no req.body. ' +
      'Mount the HotTask route before body parsers (e.g. before app.use(express.json())).',
  )
}

/**
 * The Node request body as a web stream, read only as fast as the handler pulls it. Cancelling (the handler
 * stopped at its size limit) lets the rest drain without being kept, so the refusal can still be written.
 */
function bodyStream(req: NodeRequestLike): ReadableStream<Uint8Array> {
  let finished = false
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // A body parser that ran first has read it all: 'end' will not come again.
      if (req.readableEnded) {
        try {
          controller.enqueue(parsedBody(req))
          return controller.close()
        } catch (error) {
          return controller.error(error)
        }
      }
      req.pause()
      req.on('data', (chunk) => {
        if (finished) return
        controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk))
        // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: these only change how far ahead of the handler the Node stream is read (pull() resumes it); the bytes are the same, and never pausing is caught by a test
        if ((controller.desiredSize ?? 0) <= 0) req.pause()
      })
      req.once('end', () => {
        if (!finished) controller.close()
        finished = true
      })
      req.once('error', (error) => {
        if (!finished) controller.error(error)
        finished = true
      })
    },
    pull() {
      req.resume()
    },
    cancel() {
      finished = true
      req.resume()
    },
  })
}

/**
 * The whole URL of a Node request: Express's `originalUrl` when a router rewrote `url`, on the `Host` it was
 * sent to (HTTP/2's `:authority`; `localhost` when that is missing or not a host).
 *
 * @example
 * nodeUrl(req).pathname // '/api/hottask/chat/Chatbot/GetSession'
 */
export function nodeUrl(req: NodeRequestLike): URL {
  const protocol = (req.socket as { encrypted?: boolean } | null)?.encrypted ? 'https' : 'http'
  // Express rewrites req.url under a mount point; originalUrl keeps the whole path.
  // Stryker disable next-line StringLiteral: '' resolves to the same '/' against the base URL
  const path = req.originalUrl ?? req.url ?? '/'
  // node:http2's compatibility API has no Host header: the host is the `:authority` pseudo-header.
  const host = req.headers.host ?? req.headers[':authority']
  let url: URL | undefined
  try {
    if (host) url = new URL(path, `${protocol}://${host}`)
  } catch {
    // Not a host: localhost, as without one.
  }
  url ??= new URL(path, `${protocol}://localhost`)
  // A request target such as `//user:pass@host/…` would give the URL credentials, which a Request refuses.
  url.username = url.password = ''
  return url
}

/**
 * The Fetch `Request` for a Node request: the whole URL ({@link nodeUrl}), every header, the body as a stream
 * unless `withBody` is false (the Node fast path reads the body itself), and `signal` to tell the handler
 * when the client is gone.
 *
 * @example
 * const request = requestFromNode(req, controller.signal)
 */
export function requestFromNode(req: NodeRequestLike, signal: AbortSignal, withBody = true): Request {
  const url = nodeUrl(req)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  const method = req.method ?? 'GET'
  const hasBody = withBody && method !== 'GET' && method !== 'HEAD'
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal }
  if (hasBody) Object.assign(init, { body: bodyStream(req), duplex: 'half' })
  return new Request(url, init)
}
