import { createEnvelope, parseEnvelope, type HotTaskEnvelope } from '../../core/envelope'
import { isPending } from '../checks/pending'
import { envelopeAnswer, refusal, type EnvelopeAnswer } from '../checks/refusal'
import { redact } from '../../core/redact'
import type { BoundedBody } from '../../core/read-bounded-body'
import { MAX_ENVELOPE_DEPTH, NESTED_TOO_DEEPLY, relayableJson } from './scrub-secret'
import { MAX_UPSTREAM_BODY_BYTES, type UpstreamReply } from './upstream'

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
export type AddToData = (envelope: HotTaskEnvelope) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>

/**
 * The handler's answer to HotTask's reply, and, when the reply was not the API's envelope (a 502 the handler made,
 * or an error status such as a load balancer's HTML 503 that it put in an envelope of its own), what was wrong
 * with it (`problem`, for `onError`, without the key).
 */
export interface Relayed {
  answer: EnvelopeAnswer
  problem?: string
}

/** How much of a reply that is not the envelope `onError` is shown: enough to tell an HTML error page. */
const EXCERPT_CHARACTERS = 120

/** What `onError` is told of a reply that is not the envelope: its status, type, size, `verdict` and first characters. */
function notTheEnvelope(upstream: UpstreamReply, body: BoundedBody, text: string | undefined, secret: string, verdict: string): string {
  const type = upstream.header('content-type')
  const size = body.status === 'read' ? `${body.bytes.byteLength} bytes` : `over ${MAX_UPSTREAM_BODY_BYTES} bytes`
  // Redacted before it is cut, so no part of the key is left at the cut.
  const shown = text === undefined ? undefined : redact(text, secret)
  const start = shown === undefined ? '' : `: ${JSON.stringify(shown.slice(0, EXCERPT_CHARACTERS))}${shown.length > EXCERPT_CHARACTERS ? '…' : ''}`
  return `HotTask answered HTTP ${upstream.status} (${type === null ? 'no content-type' : redact(type, secret)}, ${size}), ${verdict}${start}`
}

/**
 * Turns HotTask's reply into the handler's answer, with the key (`secret`) scrubbed from it: an envelope with a
 * 2xx (but 204/205) or error status is relayed with that status (the 2xx one with what `addToData` adds), an error
 * status without one becomes an envelope of that status (with a `problem`: an outage that shows as error pages must
 * reach `onError`), and anything else a 502 with the `problem` said. Rejects when the reply's body cannot be read.
 *
 * @example
 * const { answer, problem } = await relayReply(await sent.reply, apiKey, options.version)
 */
export async function relayReply(upstream: UpstreamReply, secret: string, version: string, addToData?: AddToData): Promise<Relayed> {
  const { status } = upstream
  const body = await upstream.body
  const text = body.status === 'read' ? utf8.decode(body.bytes) : undefined
  const envelope = text === undefined ? undefined : parseEnvelope(text)
  // 204 and 205 carry no body (fetch drops one if sent), so neither can be relayed as an envelope.
  const ok = status >= 200 && status <= 299 && status !== 204 && status !== 205
  const isError = status >= 400 && status <= 599
  let json: string | typeof NESTED_TOO_DEEPLY
  let problem: string | undefined
  if (envelope && (ok || isError)) {
    const adding = ok && addToData ? addToData(envelope) : undefined
    const added = isPending(adding) ? await adding : adding
    json = added ? relayableJson({ ...envelope, Data: { ...(envelope.Data as object), ...added } }, secret) : relayableJson(envelope, secret, text)
  } else if (isError) {
    const message = `HotTask replied with HTTP ${status}${upstream.statusText ? ` ${upstream.statusText}` : ''}.`
    json = relayableJson(createEnvelope(null, { code: status, message, version }), secret)
    // Relayed, but an outage that shows as a load balancer's error pages must reach onError too.
    problem = notTheEnvelope(upstream, body, text, secret, "which is not the API's envelope (its status is relayed in the handler's)")
  } else {
    const what = ok ? "a reply that is not the API's envelope" : `an unexpected HTTP ${status}`
    return { answer: refusal(502, `HotTask answered with ${what}.`, version), problem: notTheEnvelope(upstream, body, text, secret, 'which cannot be relayed') }
  }
  if (json === NESTED_TOO_DEEPLY) {
    const answer = refusal(502, 'HotTask replied with an envelope nested too deeply to relay.', version)
    return { answer, problem: `HotTask answered HTTP ${status} with an envelope nested more than ${MAX_ENVELOPE_DEPTH} levels deep, which cannot be relayed` }
  }
  return { answer: envelopeAnswer(json, status, waitHeaders(upstream, secret)), problem }
}
