import type { BoundedBody } from '../../core/read-bounded-body'

/**
 * One request to the handler as its checks see it, whichever way it came in: a Fetch `Request`
 * ({@link fetchCall}) or Node's `req`/`res` ({@link nodeCall}). The checks read only what they need, so the
 * Node path builds a Fetch `Request` only when a user callback asks for one.
 *
 * @example
 * const answer = await answerCall(options, fetchCall(request, env), upstreams)
 */
export interface IncomingCall {
  readonly method: string
  /** The URL's path, normalised as the URL parser does (dot segments resolved), without the query. */
  pathname(): string
  contentType(): string | null
  /** Reads the body up to `limit` bytes, giving up (`aborted`) after `deadlineMs`. */
  readBody(limit: number, deadlineMs: number): Promise<BoundedBody>
  /** Calls `onExpire` after `ms` unless the returned function is called first: this runtime's timer. */
  startDeadline(ms: number, onExpire: () => void): () => void
  /** True once the client has gone: closed the connection, or aborted the request. */
  isGone(): boolean
  /** Calls `listener` when the client goes; returns a function that stops listening. */
  onGone(listener: () => void): () => void
  /** The Fetch `Request` for user callbacks (`authorize`, the allow-list, `clientKey`, `onError`), made once. */
  request(): Request
  /** The TCP peer's address where the runtime gives it (`toNodeHandler`), for the default rate-limit client. */
  address(): string | undefined
  /** The second argument the handler was called with: where `HOTTASK_API_KEY` is looked up first. */
  readonly env: unknown
}
