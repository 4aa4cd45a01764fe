/**
 * What {@link readBoundedBody} found: the body's bytes, or that it is larger than allowed.
 *
 * @example
 * const body: BoundedBody = await readBoundedBody(request, 4096)
 * if (!body.tooLarge) JSON.parse(new TextDecoder().decode(body.bytes))
 */
export type BoundedBody = { tooLarge: false; bytes: Uint8Array } | { tooLarge: true }

/**
 * Reads the body of `message` (a `Request` or `Response`) up to `limit` bytes. A `Content-Length` over the
 * limit is refused before reading, and the stream is cancelled as soon as it passes the limit, so a huge or
 * endless body is never buffered.
 *
 * @example
 * const body = await readBoundedBody(request, 4096)
 * if (body.tooLarge) return refusal(413, 'Body too large.', version)
 */
export async function readBoundedBody(message: Request | Response, limit: number): Promise<BoundedBody> {
  const declared = Number(message.headers.get('content-length') ?? NaN)
  if (Number.isFinite(declared) && declared > limit) {
    await message.body?.cancel().catch(() => {})
    return { tooLarge: true }
  }
  if (!message.body) return { tooLarge: false, bytes: new Uint8Array(0) }
  const reader = message.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      return { tooLarge: true }
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return { tooLarge: false, bytes }
}
