/** A Node stream of a request body (`req`, an `http.IncomingMessage`). */
export interface BodyStream {
  /** True once Node's parser has received the whole body (it may still wait in the stream's buffer). */
  readonly complete?: boolean
  /** True while the body flows to `data` listeners. */
  readonly readableFlowing?: boolean | null
  /** Takes what waits in the stream's buffer (`null` when nothing does). */
  read?(): Uint8Array | string | null
  resume(): unknown
}

/**
 * The whole body when it has already arrived and waits unread in the stream's buffer, else `undefined`. The usual
 * case for a small body: it comes in the packet of its headers, and Node's parser has pushed all of it (in the same
 * turn) by the time the code that waited for the headers runs. Taken at once, the body needs no listener, timer or
 * promise of its own; what is left (the end) flows on, so `end` is emitted. Not while the body flows to someone
 * else's `data` listener, which has its chunks. (Not for HotTask's replies: their connection goes back to the
 * agent's pool only at `end`, and a call made before that would open another.)
 *
 * @example
 * const bytes = wholeBody(req) ?? (await readChunks(req))
 */
export function wholeBody(stream: BodyStream): Uint8Array | undefined {
  if (stream.complete !== true || stream.readableFlowing === true || typeof stream.read !== 'function') return undefined
  const chunk = stream.read()
  stream.resume()
  if (chunk === null) return new Uint8Array(0)
  // A string when something called setEncoding(): the bytes it was.
  return typeof chunk === 'string' ? Buffer.from(chunk) : chunk
}
