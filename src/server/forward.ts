import { createEnvelope, parseEnvelope } from '../core/envelope'
import { readBoundedBody } from '../core/read-bounded-body'
import type { ResolvedHandlerOptions } from './options'
import { envelopeResponse, refusal } from './refusal'

/** Upstream replies are small envelopes; anything bigger is not one. */
const MAX_UPSTREAM_BODY_BYTES = 64 * 1024
const RELAYED_WAIT_HEADERS = ['retry-after', 'retry-after-ms']

/** `Retry-After` and `retry-after-ms` of a 429 or 503, for the browser's retry policy; nothing else is relayed. */
function waitHeaders(upstream: Response): Headers {
  const headers = new Headers()
  if (upstream.status !== 429 && upstream.status !== 503) return headers
  for (const name of RELAYED_WAIT_HEADERS) {
    const value = upstream.headers.get(name)
    if (value !== null) headers.set(name, value)
  }
  return headers
}

/** Turns HotTask's reply into the handler's answer, with the key (`secret`) scrubbed from it. */
async function relay(upstream: Response, secret: string, version: string): Promise<Response> {
  const { status } = upstream
  const body = await readBoundedBody(upstream, MAX_UPSTREAM_BODY_BYTES)
  const envelope = body.status === 'read' ? parseEnvelope(new TextDecoder().decode(body.bytes)) : undefined
  const headers = waitHeaders(upstream)
  const isError = status >= 400 && status <= 599
  if (envelope && (upstream.ok || isError)) return envelopeResponse(envelope, status, { secret, headers })
  if (isError) {
    const message = `HotTask replied with HTTP ${status}${upstream.statusText ? ` ${upstream.statusText}` : ''}.`
    return envelopeResponse(createEnvelope(null, { code: status, message, version }), status, { secret, headers })
  }
  const what = upstream.ok ? "a reply that is not the API's envelope" : `an unexpected HTTP ${status}`
  return refusal(502, `HotTask answered with ${what}.`, version)
}

/**
 * The answer to a visitor who has already gone: it reaches no one, so it only has to be cheap and honest
 * (499, nginx's "client closed request"). No upstream call is made for it and `onError` is not told.
 */
export const clientGone = (version: string) => refusal(499, 'The client closed the request.', version)

/**
 * Makes the one "Create Chat Session" attempt for `serialNumber` with `apiKey`, and answers with HotTask's
 * reply (relayed) or a 502/504 refusal. Never rejects. No call is made for a visitor who has already gone;
 * the attempt is cancelled when the visitor goes (closes the tab) or after `timeoutMs`.
 *
 * @example
 * return forwardChatSession(options, apiKey, '3254a9d0…', request)
 */
export async function forwardChatSession(options: ResolvedHandlerOptions, apiKey: string, serialNumber: string, request: Request): Promise<Response> {
  const { timeoutMs, version } = options
  if (request.signal?.aborted) return clientGone(version)
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, timeoutMs)
  const cancel = () => controller.abort()
  request.signal?.addEventListener('abort', cancel)
  let reached = false
  try {
    const upstream = await (options.fetch ?? fetch)(options.url, {
      method: 'POST',
      headers: { authorization: apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ serialNumber }),
      // A redirect would be followed with the key; HotTask does not redirect this call, so refuse to.
      redirect: 'manual',
      signal: controller.signal,
    })
    reached = true
    return await relay(upstream, apiKey, version)
  } catch (error) {
    options.onError(error, request)
    if (timedOut) return refusal(504, `HotTask did not reply within ${timeoutMs} ms.`, version)
    if (request.signal?.aborted) return clientGone(version)
    return refusal(502, reached ? "HotTask's reply could not be read or relayed." : 'Could not reach HotTask.', version)
  } finally {
    clearTimeout(timer)
    request.signal?.removeEventListener('abort', cancel)
  }
}
