/**
 * What {@link readBoundedBody} found: the body's bytes, that it is larger than allowed, or that `signal`
 * aborted before it was all read.
 *
 * @example
 * const body: BoundedBody = await readBoundedBody(request, 4096)
 * if (body.status === 'read') JSON.parse(new TextDecoder().decode(body.bytes))
 */
export type BoundedBody = { status: 'read'; bytes: Uint8Array } | { status: 'too-large' } | { status: 'aborted' }

/**
 * Reads the body of `message` (a `Request` or `Response`) up to `limit` bytes. A `Content-Length` over the
 * limit is refused before reading, and the stream is cancelled as soon as it passes the limit or `signal`
 * aborts (a body dripped in slowly), so a huge, endless or stalled body is never buffered or waited for.
 * Used by the core client for replies and by the server handler for requests and relayed replies.
 *
 * @example
 * const body = await readBoundedBody(request, 4096, AbortSignal.timeout(15_000))
 * if (body.status === 'too-large') return refusal(413, 'Body too large.', version)
 */
export async function readBoundedBody(message: Request | Response, limit: number, signal?: AbortSignal): Promise<BoundedBody> {
  const reader = message.body?.getReader()
  const stop = () => void reader?.cancel(signal?.reason).catch(() => {})
  if (Number(message.headers.get('content-length')) > limit) {
    stop()
    return { status: 'too-large' }
  }
  signal?.addEventListener('abort', stop)
  if (signal?.aborted) stop()
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (let read; reader && !(read = await reader.read()).done; ) {
      chunks.push(read.value)
      if ((size += read.value.byteLength) > limit) {
        stop()
        return { status: 'too-large' }
      }
    }
  } finally {
    signal?.removeEventListener('abort', stop)
  }
  // A cancelled stream reads as done: it ended because of the abort, not because the body was complete.
  if (signal?.aborted) return { status: 'aborted' }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return { status: 'read', bytes }
}
