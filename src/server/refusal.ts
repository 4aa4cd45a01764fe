import { createEnvelope, type HotTaskEnvelope } from '../core/envelope'
import { scrubSecret } from './scrub-secret'

/**
 * A JSON response carrying `envelope` with `status`. With `secret`, the key is scrubbed from the body and
 * from `headers`, so no answer of the handler can carry it, whatever the upstream echoed.
 *
 * @example
 * return envelopeResponse(upstreamEnvelope, 429, { secret: apiKey, headers: { 'retry-after': '3' } })
 */
export function envelopeResponse(
  envelope: HotTaskEnvelope,
  status: number,
  { secret, headers }: { secret?: string; headers?: HeadersInit } = {},
): Response {
  const body = secret ? scrubSecret(envelope, secret) : envelope
  const result = new Headers(headers)
  if (secret) for (const [name, value] of [...result]) if (value.includes(secret)) result.delete(name)
  result.set('content-type', 'application/json; charset=utf-8')
  result.set('cache-control', 'no-store')
  return new Response(JSON.stringify(body), { status, headers: result })
}

/**
 * The handler's own refusal, in the API's envelope: `{Data: null, Version, Success: false, Code: status, Message}`,
 * so the browser's client reads it like any HotTask error.
 *
 * @example
 * return refusal(403, 'This chatbot is not allowed here.', '1.0.0')
 */
export function refusal(status: number, message: string, version: string, headers?: HeadersInit): Response {
  return envelopeResponse(createEnvelope(null, { code: status, message, version }), status, { headers })
}
