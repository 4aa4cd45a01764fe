import { createEnvelope, type HotTaskEnvelope } from '../core/envelope'

/**
 * A JSON response carrying `envelope` with `status`, never cached. The caller has already taken the key out
 * of what it passes (see `forward.ts`), since the body and headers are sent as they are.
 *
 * @example
 * return envelopeResponse(scrubbedEnvelope, 429, { 'retry-after': '3' })
 */
export function envelopeResponse(envelope: HotTaskEnvelope, status: number, headers?: HeadersInit): Response {
  const result = new Headers(headers)
  result.set('content-type', 'application/json; charset=utf-8')
  result.set('cache-control', 'no-store')
  return new Response(JSON.stringify(envelope), { status, headers: result })
}

/**
 * The handler's own refusal, in the API's envelope: `{Data: null, Version, Success: false, Code: status, Message}`,
 * so the browser's client reads it like any HotTask error.
 *
 * @example
 * return refusal(403, 'This chatbot is not allowed here.', '1.0.0')
 */
export function refusal(status: number, message: string, version: string, headers?: HeadersInit): Response {
  return envelopeResponse(createEnvelope(null, { code: status, message, version }), status, headers)
}
