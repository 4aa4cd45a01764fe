import type { BoundedBody } from '../../core/read-bounded-body'
import { MAX_UPSTREAM_BODY_BYTES, type Transport, type Upstream, type UpstreamReply } from '../relay/upstream'
import type * as NodeHttp from 'node:http'
import type { IncomingMessage } from 'node:http'

// Node-only. Only type imports from 'node:*' here (the build erases them): Workers, Deno and the Edge runtime load
// the server entry too, so Node's modules are asked for at run time, and only by toNodeHandler.
type HttpModule = typeof NodeHttp

function readReply(res: IncomingMessage, limit: number): Promise<BoundedBody> {
  return new Promise((resolve, reject) => {
    if (Number(res.headers['content-length']) > limit) {
      res.destroy()
      return resolve({ status: 'too-large' })
    }
    const chunks: Uint8Array[] = []
    let size = 0
    let settled = false
    res.on('data', (chunk: Uint8Array) => {
      // Stryker disable next-line ConditionalExpression: after a too-large reply the socket is destroyed and the promise has settled; a chunk still buffered only lands in an array no one reads
      if (settled) return
      chunks.push(chunk)
      if ((size += chunk.byteLength) <= limit) return
      // Stryker disable next-line BooleanLiteral: the 'close' that follows the destroy would only reject a promise already resolved, a no-op
      settled = true
      res.destroy()
      resolve({ status: 'too-large' })
    })
    res.once('end', () => {
      // Stryker disable next-line BooleanLiteral: the 'close' after 'end' would only reject a promise already resolved, a no-op
      settled = true
      resolve({ status: 'read', bytes: Buffer.concat(chunks, size) })
    })
    res.on('error', reject)
    // A guard against a hang. Node (20+) emits 'error' (ECONNRESET, "aborted") before 'close' on every reply that
    // breaks off, and the listener above has rejected by then; after 'end' or a too-large reply it has resolved.
    // Stryker disable next-line ArrowFunction,ConditionalExpression,LogicalOperator,StringLiteral: see above; unreachable before a settle on Node
    res.once('close', () => settled || reject(new Error('The connection to HotTask closed before its reply was complete.')))
  })
}

/**
 * HotTask's reply as the relay reads it, its body read from the moment it arrives: listening in the `'response'`
 * event itself lets Node hand over a body that came with the headers at once, instead of buffering it for another
 * turn. A class, not an object of closures: one is made for every call.
 */
class NodeReply implements UpstreamReply {
  readonly #res: IncomingMessage
  readonly status: number
  readonly statusText: string
  readonly body: Promise<BoundedBody>

  constructor(res: IncomingMessage) {
    this.#res = res
    this.status = res.statusCode ?? 0
    // Stryker disable next-line StringLiteral: Node sets statusMessage on every client response (an empty reason phrase is '')
    this.statusText = res.statusMessage ?? ''
    this.body = readReply(res, MAX_UPSTREAM_BODY_BYTES)
    this.body.catch(() => {})
  }

  header(name: string) {
    const value = this.#res.headers[name]
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
  }
}

/**
 * How long a kept-alive connection to HotTask may sit idle before the agent closes it (or less, when HotTask's
 * `Keep-Alive: timeout=…` hint says so: Node's agent then closes it a second before that). Below the idle timeouts
 * of common servers and load balancers (nginx 75 s, AWS ALB 60 s, Node 5 s), so the agent closes an idle connection
 * before the server does, and a request is rarely written into a connection the server is closing. As Node's fetch.
 */
const KEEP_ALIVE_IDLE_MS = 4000

/**
 * HotTask through Node's `http`/`https` with a keep-alive agent: about four times the throughput of Node 20's
 * `fetch` for these small calls. One agent per host, so both calls share its connections; each URL's request
 * options are worked out once, when its {@link Upstream} is made. Cancelling a call destroys its socket.
 * `undefined` where Node's modules cannot be had synchronously (`process.getBuiltinModule`, Node 20.16+), so
 * the caller falls back to `fetch`.
 *
 * @example
 * const transport = nodeTransport() ?? fetchTransport(options.fetch)
 * const upstream = transport('https://usapi.hottask.com/chat/Chatbot/GetSession')
 */
export function nodeTransport(): Transport | undefined {
  const builtin = globalThis.process?.getBuiltinModule
  if (typeof builtin !== 'function') return undefined
  const agents = new Map<string, NodeHttp.Agent>()
  return (url) => {
    const target = new URL(url)
    const http = builtin(target.protocol === 'https:' ? 'node:https' : 'node:http') as HttpModule
    let agent = agents.get(target.origin)
    if (!agent) agents.set(target.origin, (agent = new http.Agent({ keepAlive: true, timeout: KEEP_ALIVE_IDLE_MS })))
    return upstreamTo(http, agent, target)
  }
}

/** Calls to `target` through `http` and `agent`; see {@link nodeTransport}. */
function upstreamTo(http: HttpModule, agent: NodeHttp.Agent, target: URL): Upstream {
  // The URL keeps an IPv6 host in brackets; the socket wants the address alone.
  // Stryker disable next-line Regex: a URL's hostname starts with '[' exactly when it ends with ']' (an IPv6 literal), so either anchor alone matches the same hosts
  const hostname = target.hostname.replace(/^\[(.*)\]$/, '$1')
  const { port } = target
  const path = target.pathname + target.search
  return (apiKey, body) => {
    const request = http.request({
      agent,
      hostname,
      port,
      path,
      method: 'POST',
      headers: { authorization: apiKey, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    })
    let fail: (error: Error) => void = () => {}
    const reply = new Promise<UpstreamReply>((resolve, reject) => {
      fail = reject
      // `on` rather than `once` for the events a request has at most once: no wrapper made for each call.
      request.on('response', (res) => resolve(new NodeReply(res)))
      // Never sent again, whatever the error. A kept-alive socket that fails (ECONNRESET) may fail after HotTask
      // has read the request, and a message sent twice is a message paid twice: the caller answers 502 instead.
      // The agent's short idle timeout (see KEEP_ALIVE_IDLE_MS) makes that race rare.
      // `on`, not `once`: a second error (a socket destroyed while the reply is read) must not go unhandled.
      request.on('error', reject)
      // A 101 Switching Protocols is not a reply this call can take; Node hands over the socket instead.
      request.on('upgrade', (_, socket) => {
        socket.destroy()
        reject(new Error(`HotTask answered with an unexpected HTTP 101.`))
      })
    })
    request.end(body)
    const cancel = () => {
      request.destroy()
      fail(new Error('The call to HotTask was cancelled.'))
    }
    return { reply, cancel }
  }
}
