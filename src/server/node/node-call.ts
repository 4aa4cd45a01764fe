import type { BoundedBody } from '../../core/read-bounded-body'
import type { IncomingCall } from '../checks/incoming-call'
import { rememberClientAddress, socketAddress } from './client-address'
import { watchClientGone } from './client-gone'
import { startSharedDeadline } from './deadline'
import { nodeUrl, parsedBody, requestFromNode } from './request'
import type { NodeRequestLike, NodeResponseLike } from './types'

// A path the URL parser would leave as it is: no dot segment, no percent-escape, no backslash, no query, and
// not `//…`, which it reads as a host.
const PLAIN_PATH = /^\/(?!\/)[\w\-~!$&'()*+,;=:@/]*$/

/** The request's path as `new URL(…).pathname` gives it, without building a URL for the usual plain path. */
function pathnameOf(req: NodeRequestLike): string {
  // Stryker disable next-line StringLiteral: '' misses the shortcut, and the URL parser makes it '/' too
  const path = req.originalUrl ?? req.url ?? '/'
  // Stryker disable next-line Regex: a search that stops at 0 leaves '', which misses the shortcut for the URL parser's same answer
  const query = path.search(/[?#]/)
  // Stryker disable next-line MethodExpression,EqualityOperator: a path keeping its '?' or '#' (or cut to '' when it starts with one) misses the shortcut (neither is in PLAIN_PATH), and the URL parser gives the same pathname
  const plain = query < 0 ? path : path.slice(0, query)
  // No dot segment: PLAIN_PATH has no '.' at all.
  if (PLAIN_PATH.test(plain)) return plain
  try {
    return nodeUrl(req).pathname
  } catch {
    // A target no URL can be made of (`//`): no path the handler serves, so a 404 rather than a failure.
    return ''
  }
}

const wentAway = () => new Error('The client went away before its request body arrived.')

/** Reads a Node request's body up to `limit` bytes within `deadlineMs`; what is not kept drains unread. */
function readNodeBody(req: NodeRequestLike, limit: number, deadlineMs: number, onGone: (listener: () => void) => () => void) {
  return new Promise<BoundedBody>((resolve, reject) => {
    const chunks: Uint8Array[] = []
    let size = 0
    let done = false
    const finish = (settle: () => void) => {
      // Stryker disable next-line ConditionalExpression: as below, finishing again repeats steps that change nothing the second time
      if (done) return
      // Stryker disable next-line BooleanLiteral: finishing again repeats steps that change nothing the second time, and the promise settles once
      done = true
      stopDeadline()
      stopListening()
      // Flowing on without a 'data' listener: the rest of the body is read and dropped, so the answer can be sent.
      req.removeListener('data', onData)
      req.resume()
      settle()
    }
    const onData = (chunk: Uint8Array | string) => {
      // A string when something called req.setEncoding(): counted, and kept, as the bytes it was.
      // Stryker disable next-line ConditionalExpression: Buffer.from of a Buffer is a copy of the same bytes
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      chunks.push(bytes)
      if ((size += bytes.byteLength) > limit) finish(() => resolve({ status: 'too-large' }))
    }
    const stopDeadline = startSharedDeadline(deadlineMs, () => finish(() => resolve({ status: 'aborted' })))
    const stopListening = onGone(() => finish(() => reject(wentAway())))
    req.on('data', onData)
    req.once('end', () => finish(() => resolve({ status: 'read', bytes: Buffer.concat(chunks, size) })))
    // A request paused by earlier middleware would never flow on its own.
    req.resume()
  })
}

/**
 * A Node request and its response as an {@link IncomingCall}, for `toNodeHandler`'s fast path. The client is
 * gone when the connection closes before the answer is written, or the upload breaks off. A Fetch `Request`
 * (without the body, which the checks read themselves) is built only if a user callback asks for it.
 * A class, not an object of closures: one is made for every request.
 */
class NodeCall implements IncomingCall {
  readonly method: string
  readonly env = undefined
  #gone: boolean
  #controller: AbortController | undefined
  #request: Request | undefined
  #listeners: Set<() => void> | undefined
  readonly #req: NodeRequestLike

  constructor(req: NodeRequestLike, res: NodeResponseLike) {
    this.#req = req
    this.method = req.method ?? 'GET'
    this.#gone = watchClientGone(req, res, this.#leave)
  }

  readonly #leave = () => {
    if (this.#gone) return
    this.#gone = true
    this.#controller?.abort()
    if (this.#listeners) for (const listener of this.#listeners) listener()
  }

  pathname() {
    return pathnameOf(this.#req)
  }

  contentType() {
    const value = this.#req.headers['content-type']
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
  }

  readBody(limit: number, deadlineMs: number): Promise<BoundedBody> {
    const req = this.#req
    // A body parser that ran first (express.json()) has read it all: use what it left.
    if (req.readableEnded) {
      const bytes = parsedBody(req)
      return Promise.resolve(bytes.byteLength > limit ? { status: 'too-large' } : { status: 'read', bytes })
    }
    if (Number(req.headers['content-length']) > limit) {
      req.resume()
      return Promise.resolve({ status: 'too-large' })
    }
    return this.#gone ? Promise.reject(wentAway()) : readNodeBody(req, limit, deadlineMs, this.onGone)
  }

  startDeadline(ms: number, onExpire: () => void) {
    return startSharedDeadline(ms, onExpire)
  }

  isGone() {
    return this.#gone
  }

  readonly onGone = (listener: () => void) => {
    const listeners = (this.#listeners ??= new Set())
    listeners.add(listener)
    return () => void listeners.delete(listener)
  }

  request() {
    if (this.#request) return this.#request
    this.#controller = new AbortController()
    if (this.#gone) this.#controller.abort()
    this.#request = requestFromNode(this.#req, this.#controller.signal, false)
    rememberClientAddress(this.#request, this.#req.socket)
    return this.#request
  }

  address() {
    return socketAddress(this.#req.socket)
  }
}

/**
 * Node's `req` and `res` as the {@link IncomingCall} the handler's checks read (see {@link NodeCall}).
 *
 * @example
 * const answer = await answerCall(options, nodeCall(req, res), upstream)
 */
export const nodeCall = (req: NodeRequestLike, res: NodeResponseLike): IncomingCall => new NodeCall(req, res)
