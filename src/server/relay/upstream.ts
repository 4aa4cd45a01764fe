import { CHAT_MESSAGE_PATH, CHAT_SESSION_PATH } from '../../core/constants'
import { readBoundedBody, type BoundedBody } from '../../core/read-bounded-body'
import { callUrl } from '../../core/url'

/** Upstream replies are small envelopes: a body over this many bytes (64 KiB) is not one, and is not read on. */
export const MAX_UPSTREAM_BODY_BYTES = 64 * 1024

/**
 * HotTask's reply as the relay reads it, whichever transport carried it. The body is read from the moment the
 * reply arrives, as it arrives (listening late would leave it buffered for another turn of the event loop).
 *
 * @example
 * const body = await reply.body
 */
export interface UpstreamReply {
  status: number
  statusText: string
  /** A response header's value (several values joined by `, `), or `null`. */
  header(name: string): string | null
  /**
   * The body, read up to {@link MAX_UPSTREAM_BODY_BYTES}; rejects when the connection breaks before it is
   * complete. Never an unhandled rejection: a call cancelled before anyone awaits it is not an error to report.
   */
  body: Promise<BoundedBody>
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
 * Sends one call to one HotTask URL: `POST` of `body` (JSON) with `apiKey` as `Authorization`. Never follows a
 * redirect, which would carry the key elsewhere.
 *
 * @example
 * const { reply, cancel } = upstream(apiKey, JSON.stringify({ serialNumber }))
 */
export type Upstream = (apiKey: string, body: string) => UpstreamCall

/**
 * How the handler reaches HotTask: the {@link Upstream} of each call's URL, made once when the handler is made.
 * One transport serves both calls, so on Node they share the keep-alive connections.
 *
 * @example
 * const upstream = transport(callUrl(baseUrl, CHAT_SESSION_PATH))
 */
export type Transport = (url: string) => Upstream

/**
 * The transport of every runtime: the `fetch` option, or else the global `fetch` as it is at call time
 * (so a test's or an instrumentation's replacement is used). Each call is one `fetch`, never repeated here (Node's
 * fetch, undici, retries no POST either); cancelling it aborts the fetch, which closes its connection.
 *
 * @example
 * const transport = fetchTransport(options.fetch)
 */
export function fetchTransport(givenFetch: typeof fetch | undefined): Transport {
  return (url) => (apiKey, body) => {
    const controller = new AbortController()
    const send = async () => {
      const response = await (givenFetch ?? fetch)(url, {
        method: 'POST',
        headers: { authorization: apiKey, 'content-type': 'application/json' },
        body,
        redirect: 'manual',
        signal: controller.signal,
      })
      const read = readBoundedBody(response, MAX_UPSTREAM_BODY_BYTES)
      read.catch(() => {})
      return { status: response.status, statusText: response.statusText, header: (name: string) => response.headers.get(name), body: read }
    }
    return { reply: send(), cancel: () => controller.abort() }
  }
}

/**
 * The {@link Upstream} of each call the handler forwards, through one transport.
 *
 * @example
 * const upstreams = upstreamsOf(fetchTransport(options.fetch), options.baseUrl)
 * upstreams.chatSession(apiKey, JSON.stringify({ serialNumber }))
 */
export interface Upstreams {
  chatSession: Upstream
  message: Upstream
}

/**
 * The calls under `baseUrl` (`/chat/Chatbot/GetSession`, `/chat/Chat/ClientAsk`) through `transport`.
 *
 * @example
 * const upstreams = upstreamsOf(nodeTransport() ?? fetchTransport(options.fetch), 'https://usapi.hottask.com')
 */
export const upstreamsOf = (transport: Transport, baseUrl: string): Upstreams => ({
  chatSession: transport(callUrl(baseUrl, CHAT_SESSION_PATH)),
  message: transport(callUrl(baseUrl, CHAT_MESSAGE_PATH)),
})
