import { readBoundedBody, type BoundedBody } from '../../core/read-bounded-body'
import type { ResolvedHandlerOptions } from '../options'

/**
 * HotTask's reply as the relay reads it, whichever transport carried it.
 *
 * @example
 * const body = await reply.read(64 * 1024)
 */
export interface UpstreamReply {
  status: number
  statusText: string
  /** A response header's value (several values joined by `, `), or `null`. */
  header(name: string): string | null
  /** The body, read up to `limit` bytes; rejects when the connection breaks before it is complete. */
  read(limit: number): Promise<BoundedBody>
}

/**
 * One call on its way to HotTask: its reply, and a way to cancel it (timeout, visitor gone), after which
 * `reply` rejects if it has not settled.
 */
export interface UpstreamCall {
  reply: Promise<UpstreamReply>
  cancel(): void
}

/**
 * Sends one "Create Chat Session" call: `POST` of `body` (JSON) with `apiKey` as `Authorization`, to the
 * handler's HotTask URL. Never follows a redirect, which would carry the key elsewhere.
 *
 * @example
 * const { reply, cancel } = upstream(apiKey, JSON.stringify({ serialNumber }))
 */
export type Upstream = (apiKey: string, body: string) => UpstreamCall

/**
 * The transport of every runtime: the `fetch` option, or else the global `fetch` as it is at call time
 * (so a test's or an instrumentation's replacement is used).
 *
 * @example
 * const upstream = fetchUpstream(options)
 */
export function fetchUpstream({ url, fetch: givenFetch }: Pick<ResolvedHandlerOptions, 'url' | 'fetch'>): Upstream {
  return (apiKey, body) => {
    const controller = new AbortController()
    const send = async () => {
      const response = await (givenFetch ?? fetch)(url, {
        method: 'POST',
        headers: { authorization: apiKey, 'content-type': 'application/json' },
        body,
        redirect: 'manual',
        signal: controller.signal,
      })
      return {
        status: response.status,
        statusText: response.statusText,
        header: (name: string) => response.headers.get(name),
        read: (limit: number) => readBoundedBody(response, limit),
      }
    }
    return { reply: send(), cancel: () => controller.abort() }
  }
}
