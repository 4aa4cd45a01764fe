import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http'
import { onTestFinished } from 'vitest'
import { createHotTaskHandler, toNodeHandler, type HotTaskHandler, type HotTaskHandlerOptions } from '../../src/server'
import { serve, type Loopback } from './loopback'

const CALL_HEADER = 'x-test-call'
let calls = 0

type Written = { status: number; headers: OutgoingHttpHeaders; body: string | undefined }

function responseOf({ status, headers, body }: Written): Response {
  const replyHeaders = new Headers()
  for (const [name, value] of Object.entries(headers))
    for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined) replyHeaders.append(name, String(item))
  return new Response(status === 204 || status === 304 ? null : (body ?? null), { status, headers: replyHeaders })
}

/**
 * `handler` served by `toNodeHandler` on a loopback server (its fast path), called like a Fetch handler: each
 * `Request` is sent over HTTP with its method, headers (Host included), body (streamed) and abort signal, and
 * the reply comes back as a `Response`. When the test aborts the request, the answer is the one the server
 * wrote to the closed connection (a 499, say), so a visitor who left is checked on both paths alike.
 * The server stops when the test ends.
 */
function overNode(handler: HotTaskHandler): HotTaskHandler {
  const written = new Map<string, (answer: Written) => void>()
  const listener = toNodeHandler(handler)
  let app: Promise<Loopback> | undefined
  return async (request) => {
    if (!app) {
      app = serve((req, res) => {
        const end = res.end.bind(res) as (chunk?: string) => typeof res
        res.end = ((chunk?: string) => {
          written.get(String(req.headers[CALL_HEADER]))?.({ status: res.statusCode, headers: res.getHeaders(), body: chunk })
          return end(chunk)
        }) as typeof res.end
        listener(req, res)
      })
      const started = app
      onTestFinished(async () => (await started).close())
    }
    const { url: base } = await app
    const url = new URL(request.url)
    const id = String(++calls)
    const serverAnswer = new Promise<Written>((resolve) => written.set(id, resolve))
    const reader = request.body?.getReader()
    return new Promise<Response>((resolve, reject) => {
      const headers: Record<string, string> = { host: url.host, [CALL_HEADER]: id }
      request.headers.forEach((value, name) => (headers[name] = value))
      const req = httpRequest(base + url.pathname + url.search, { method: request.method, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          void reader?.cancel().catch(() => {})
          resolve(responseOf({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks).toString() }))
        })
      })
      req.on('error', (error) => (request.signal.aborted ? serverAnswer.then((answer) => resolve(responseOf(answer))) : reject(error)))
      const abort = () => req.destroy()
      if (request.signal.aborted) abort()
      request.signal.addEventListener('abort', abort)
      // Streamed as the test's body yields it, so an endless or dripped body behaves as it would from a browser.
      void (async () => {
        for (let read; reader && !(read = await reader.read()).done; )
          if (!req.write(read.value)) await new Promise((drained) => req.once('drain', drained))
        req.end()
      })().catch(() => req.destroy())
    })
  }
}

/**
 * The two ways a handler of ours is served, for suites that must hold on both: the Fetch handler as
 * `createHotTaskHandler` returns it, and the same handler under `toNodeHandler`'s fast path.
 */
export const handlerPaths: Array<{ path: 'Fetch handler' | 'toNodeHandler'; createHandler: (options: HotTaskHandlerOptions) => HotTaskHandler }> = [
  { path: 'Fetch handler', createHandler: createHotTaskHandler },
  { path: 'toNodeHandler', createHandler: (options) => overNode(createHotTaskHandler(options)) },
]

/**
 * Resolves once `signal` has aborted. In a callback, it waits until the handler has noticed the visitor left:
 * at once on the Fetch path, when the closed connection is seen under `toNodeHandler`.
 */
export const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })))
