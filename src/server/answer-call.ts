import { CHAT_SESSION_PATH } from '../core/constants'
import { configError } from '../core/errors'
import { serialNumberProblem } from '../core/serial-number'
import { apiKeyFor } from './checks/api-key'
import type { IncomingCall } from './checks/incoming-call'
import { refusal, type Answer, type EnvelopeAnswer } from './checks/refusal'
import { report } from './checks/report'
import type { AllowSerialNumber, ResolvedHandlerOptions } from './options'
import { checkRateLimit } from './rate-limit/check'
import { clientGone, forwardChatSession } from './relay/forward'
import type { Upstream } from './relay/upstream'

/**
 * The largest request body the handler reads, in bytes (4 KiB): `{"serialNumber": "…"}` is about 300 bytes
 * at most, so this leaves room and refuses anything else with 413.
 *
 * @example
 * if (body.length > MAX_REQUEST_BODY_BYTES) console.warn('this would be refused')
 */
export const MAX_REQUEST_BODY_BYTES = 4 * 1024

const utf8 = new TextDecoder('utf-8', { fatal: true })

// application/json, in any case, with or without parameters (`; charset=utf-8`).
const JSON_MEDIA_TYPE = /^\s*application\/json\s*(?:;|$)/i

function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(utf8.decode(bytes)) }
  } catch {
    // Stryker disable next-line ObjectLiteral: {} has no ok either, which the caller reads as not JSON
    return { ok: false }
  }
}

/** Runs a user callback; a throw becomes a 500 refusal whose message does not repeat the thrown one (it may hold secrets). */
async function guarded<T>(
  options: ResolvedHandlerOptions,
  call: IncomingCall,
  what: string,
  run: () => T | Promise<T>,
): Promise<{ value: T; failed?: undefined } | { failed: EnvelopeAnswer }> {
  try {
    return { value: await run() }
  } catch (error) {
    report(options, call, error)
    return { failed: refusal(500, `The server failed to ${what}.`, options.version) }
  }
}

/** The user's allow-list function's verdict (only `true` allows), or the 500 of one that threw. */
async function allowedByFunction(
  options: ResolvedHandlerOptions,
  call: IncomingCall,
  isAllowed: AllowSerialNumber,
  serialNumber: string,
): Promise<boolean | EnvelopeAnswer> {
  const verdict = await guarded(options, call, 'check the serial number', () => isAllowed(serialNumber, call.request()))
  return verdict.failed ?? verdict.value === true
}

/** The serial number the body asks a session for, or the refusal of a body that does not. */
async function serialNumberOf(options: ResolvedHandlerOptions, call: IncomingCall): Promise<string | EnvelopeAnswer> {
  const { version } = options
  if (!JSON_MEDIA_TYPE.test(call.contentType() ?? '')) return refusal(415, 'Content-Type must be application/json.', version)
  const body = await call.readBody(MAX_REQUEST_BODY_BYTES, options.bodyTimeoutMs)
  if (body.status === 'aborted') return refusal(408, `The request body did not arrive within ${options.bodyTimeoutMs} ms.`, version)
  if (body.status === 'too-large') return refusal(413, `The request body is larger than ${MAX_REQUEST_BODY_BYTES} bytes.`, version)
  const json = parseJson(body.bytes)
  if (!json.ok) return refusal(400, 'The request body is not valid JSON.', version)
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value))
    return refusal(400, 'The request body must be a JSON object: {"serialNumber": "…"}.', version)
  const serialNumber: unknown = Object.hasOwn(json.value, 'serialNumber') ? (json.value as { serialNumber: unknown }).serialNumber : undefined
  const problem = serialNumberProblem(serialNumber)
  if (problem !== undefined || typeof serialNumber !== 'string') return refusal(400, `Invalid serial number: ${problem}.`, version)
  return serialNumber
}

async function answer(options: ResolvedHandlerOptions, call: IncomingCall, upstream: Upstream): Promise<Answer> {
  const { version } = options
  if (!call.pathname().endsWith(CHAT_SESSION_PATH)) return refusal(404, `Not found: only POST …${CHAT_SESSION_PATH} is served here.`, version)
  // OPTIONS too: the handler serves its own origin and grants no CORS, so a preflight has nothing to learn.
  if (call.method !== 'POST') return refusal(405, `Method ${call.method} is not allowed: use POST.`, version, { allow: 'POST' })

  if (options.authorize) {
    const { authorize } = options
    const verdict = await guarded(options, call, 'check authorization', () => authorize(call.request()))
    if (verdict.failed) return verdict.failed
    if (verdict.value instanceof Response) return verdict.value
    if (verdict.value !== true) return refusal(401, 'Not authorized to create a chat session.', version)
  }

  const serialNumber = await serialNumberOf(options, call)
  if (typeof serialNumber !== 'string') return serialNumber
  // A list needs no Request and no wait; the user's function gets both.
  const allowed =
    typeof options.allowed === 'function' ? await allowedByFunction(options, call, options.allowed, serialNumber) : options.allowed.has(serialNumber)
  if (allowed !== true) return allowed || refusal(403, 'This chatbot is not served here.', version)

  const { key: apiKey, problem: keyProblem } = apiKeyFor(options, call.env)
  if (apiKey === undefined) {
    report(options, call, configError(keyProblem))
    return refusal(500, 'The server has no HotTask key configured.', version)
  }
  // Not counted against the limit: a visitor who left while the checks above ran gets nothing from HotTask.
  if (call.isGone()) return clientGone(version)
  const limited = options.rateLimit && (await checkRateLimit(options.rateLimit, options, call))
  if (limited) return limited
  // Awaited rather than returned: a promise returned from an async function costs two more turns of the queue.
  return await forwardChatSession(options, upstream, apiKey, serialNumber, call)
}

/**
 * The handler's answer to one call, by the same checks on every path (the Fetch handler and `toNodeHandler`'s
 * fast path): where it is served, how it is asked, who may ask, for which chatbot, how often; then HotTask's
 * reply. Never rejects: anything unexpected is reported to `onError` and answered 500 in the envelope.
 *
 * @example
 * const answer = await answerCall(options, fetchCall(request, env), fetchUpstream(options))
 */
export async function answerCall(options: ResolvedHandlerOptions, call: IncomingCall, upstream: Upstream): Promise<Answer> {
  try {
    return await answer(options, call, upstream)
  } catch (error) {
    // A visitor who left mid-upload breaks the body stream: nobody to answer, nothing to report.
    if (call.isGone()) return clientGone(options.version)
    // Nothing unexpected escapes as a rejection: a framework would answer it with its own HTML page.
    report(options, call, error)
    return refusal(500, 'The HotTask handler failed unexpectedly.', options.version)
  }
}
