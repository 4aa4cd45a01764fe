import { createEnvelope, parseEnvelope } from '../../core/envelope'
import { withoutSecret } from '../../core/redact'
import type { IncomingCall } from '../checks/incoming-call'
import { envelopeAnswer, refusal, type EnvelopeAnswer } from '../checks/refusal'
import { report } from '../checks/report'
import type { ResolvedHandlerOptions } from '../options'
import { NESTED_TOO_DEEPLY, relayableJson } from './scrub-secret'
import type { Upstream, UpstreamCall, UpstreamReply } from './upstream'

/** Upstream replies are small envelopes; anything bigger is not one. */
const MAX_UPSTREAM_BODY_BYTES = 64 * 1024
const RELAYED_WAIT_HEADERS = ['retry-after', 'retry-after-ms']
const utf8 = new TextDecoder()

/**
 * `Retry-After` and `retry-after-ms` of a 429 or 503, for the browser's retry policy; nothing else is relayed,
 * and no value that holds the key (`secret`).
 */
function waitHeaders(upstream: UpstreamReply, secret: string): Record<string, string> {
  const headers: Record<string, string> = {}
  if (upstream.status !== 429 && upstream.status !== 503) return headers
  for (const name of RELAYED_WAIT_HEADERS) {
    const value = upstream.header(name)
    if (value !== null && !value.includes(secret)) headers[name] = value
  }
  return headers
}

/** Turns HotTask's reply into the handler's answer, with the key (`secret`) scrubbed from it. */
async function relay(upstream: UpstreamReply, secret: string, version: string): Promise<EnvelopeAnswer> {
  const { status } = upstream
  const body = await upstream.read(MAX_UPSTREAM_BODY_BYTES)
  const text = body.status === 'read' ? utf8.decode(body.bytes) : undefined
  const envelope = text === undefined ? undefined : parseEnvelope(text)
  // 204 and 205 carry no body (fetch drops one if sent), so neither can be relayed as an envelope.
  const ok = status >= 200 && status <= 299 && status !== 204 && status !== 205
  const isError = status >= 400 && status <= 599
  let json: string | typeof NESTED_TOO_DEEPLY
  if (envelope && (ok || isError)) json = relayableJson(envelope, secret, text)
  else if (isError) {
    const message = `HotTask replied with HTTP ${status}${upstream.statusText ? ` ${upstream.statusText}` : ''}.`
    json = relayableJson(createEnvelope(null, { code: status, message, version }), secret)
  } else {
    const what = ok ? "a reply that is not the API's envelope" : `an unexpected HTTP ${status}`
    return refusal(502, `HotTask answered with ${what}.`, version)
  }
  if (json === NESTED_TOO_DEEPLY) return refusal(502, 'HotTask replied with an envelope nested too deeply to relay.', version)
  return envelopeAnswer(json, status, waitHeaders(upstream, secret))
}

/**
 * The answer to a visitor who has already gone: it reaches no one, so it only has to be cheap and honest
 * (499, nginx's "client closed request"). No upstream call is made for it and `onError` is not told.
 */
export const clientGone = (version: string) => refusal(499, 'The client closed the request.', version)

/**
 * Makes the one "Create Chat Session" attempt for `serialNumber` with `apiKey` through `upstream`, and answers
 * with HotTask's reply (relayed) or a 502/504 refusal. Never rejects. No call is made for a visitor who has
 * already gone; the attempt is cancelled when the visitor goes (closes the tab) or after `timeoutMs`.
 *
 * @example
 * return forwardChatSession(options, upstream, apiKey, '3254a9d0…', call)
 */
export async function forwardChatSession(
  options: ResolvedHandlerOptions,
  upstream: Upstream,
  apiKey: string,
  serialNumber: string,
  call: IncomingCall,
): Promise<EnvelopeAnswer> {
  const { timeoutMs, version } = options
  if (call.isGone()) return clientGone(version)
  let sent: UpstreamCall | undefined
  let timedOut = false
  const stopDeadline = call.startDeadline(timeoutMs, () => {
    timedOut = true
    // Stryker disable next-line OptionalChaining: `sent` is set in the same turn as this is registered, before any timer or event can run it
    sent?.cancel()
  })
  // Stryker disable next-line OptionalChaining: as above, the visitor's leaving is an event, which runs after `sent` is set
  const stopListening = call.onGone(() => sent?.cancel())
  let reached = false
  try {
    sent = upstream(apiKey, JSON.stringify({ serialNumber }))
    const reply = await sent.reply
    reached = true
    return await relay(reply, apiKey, version)
  } catch (error) {
    // An injected fetch may reject with something that carries the request, key included.
    report(options, call, withoutSecret(error, apiKey))
    if (timedOut) return refusal(504, `HotTask did not reply within ${timeoutMs} ms.`, version)
    if (call.isGone()) return clientGone(version)
    return refusal(502, reached ? "HotTask's reply could not be read or relayed." : 'Could not reach HotTask.', version)
  } finally {
    stopDeadline()
    stopListening()
  }
}
