import type { NodeResponseLike } from './types'

/**
 * Writes a Fetch `Response` to a Node response: status, headers (every `Set-Cookie` kept apart), then the
 * body as it streams, waiting for the socket to drain. `headOnly` (a HEAD request) sends no body.
 *
 * @example
 * await writeResponseToNode(await handler(request), res, req.method === 'HEAD')
 */
export async function writeResponseToNode(response: Response, res: NodeResponseLike, headOnly: boolean): Promise<void> {
  res.statusCode = response.status
  // Every cookie apart where Headers can list them (getSetCookie); else as the headers give it (older runtimes).
  const cookies = response.headers.getSetCookie?.()
  if (cookies?.length) res.setHeader('set-cookie', cookies)
  response.headers.forEach((value, name) => (name !== 'set-cookie' || !cookies) && res.setHeader(name, value))
  if (!response.body || headOnly) {
    await response.body?.cancel()
    res.end()
    return
  }
  const reader = response.body.getReader()
  let closed = res.destroyed === true
  let wake = () => {}
  res.once('close', () => {
    closed = true
    wake()
    void reader.cancel().catch(() => {})
  })
  while (!closed) {
    const { done, value } = await reader.read()
    if (done) return void res.end()
    // A connection that is gone never drains: its 'close' ends the wait too.
    if (!res.write(value) && !closed) await new Promise<void>((resolve) => res.once('drain', (wake = resolve)))
  }
  await reader.cancel().catch(() => {})
}
