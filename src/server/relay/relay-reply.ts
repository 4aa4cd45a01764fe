import { createEnvelope, parseEnvelope, type HotTaskEnvelope } from '../../core/envelope'
import { envelopeAnswer, refusal, type EnvelopeAnswer } from '../checks/refusal'
import { NESTED_TOO_DEEPLY, relayableJson } from './scrub-secret'
import type { UpstreamReply } from './upstream'

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

/**
 * Fields the handler adds to the `Data` of an envelope HotTask sent with a 2xx status, or `undefined` to relay it
 * as it is (the session call adds its `SessionToken` to a success this way).
 *
 * @example
 * const addToData: AddToData = async (envelope) => (isSuccessEnvelope(envelope) ? { SessionToken: await sign() } : undefined)
 */
export type AddToData = (envelope: HotTaskEnvelope) => Promise<Record<string, unknown> | undefined>

/**
 * Turns HotTask's reply into the handler's answer, with the key (`secret`) scrubbed from it: an envelope with a
 * 2xx (but 204/205) or error status is relayed with that status (the 2xx one with what `addToData` adds), an error
 * status without one becomes an envelope of that status, and anything else a 502. Rejects when the reply's body
 * cannot be read.
 *
 * @example
 * return await relayReply(await sent.reply, apiKey, options.version)
 */
export async function relayReply(upstream: UpstreamReply, secret: string, version: string, addToData?: AddToData): Promise<EnvelopeAnswer> {
  const { status } = upstream
  const body = await upstream.read(MAX_UPSTREAM_BODY_BYTES)
  const text = body.status === 'read' ? utf8.decode(body.bytes) : undefined
  const envelope = text === undefined ? undefined : parseEnvelope(text)
  // 204 and 205 carry no body (fetch drops one if sent), so neither can be relayed as an envelope.
  const ok = status >= 200 && status <= 299 && status !== 204 && status !== 205
  const isError = status >= 400 && status <= 599
  let json: string | typeof NESTED_TOO_DEEPLY
  if (envelope && (ok || isError)) {
    const added = ok && addToData ? await addToData(envelope) : undefined
    json = added ? relayableJson({ ...envelope, Data: { ...(envelope.Data as object), ...added } }, secret) : relayableJson(envelope, secret, text)
  } else if (isError) {
    const message = `HotTask replied with HTTP ${status}${upstream.statusText ? ` ${upstream.statusText}` : ''}.`
    json = relayableJson(createEnvelope(null, { code: status, message, version }), secret)
  } else {
    const what = ok ? "a reply that is not the API's envelope" : `an unexpected HTTP ${status}`
    return refusal(502, `HotTask answered with ${what}.`, version)
  }
  if (json === NESTED_TOO_DEEPLY) return refusal(502, 'HotTask replied with an envelope nested too deeply to relay.', version)
  return envelopeAnswer(json, status, waitHeaders(upstream, secret))
}
