import type { ResolvedHandlerOptions } from '../options'
import type { IncomingCall } from './incoming-call'
import { refusal, type EnvelopeAnswer } from './refusal'

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

/** A request body that is a JSON object, as `JSON.parse` made it. Read its fields with {@link fieldOf}. */
export type JsonObject = Record<string, unknown>

/** What {@link readJsonObject} found: the body, or the refusal of a call without a usable one. */
export type JsonBody = { body: JsonObject; refused?: undefined } | { refused: EnvelopeAnswer }

/**
 * The field `name` of a request body, or `undefined` when the body has no such field of its own (a name such as
 * `constructor` is not read from `Object.prototype`).
 *
 * @example
 * fieldOf(JSON.parse('{"serialNumber": "bot-1"}'), 'serialNumber') // 'bot-1'
 */
export const fieldOf = (body: JsonObject, name: string): unknown => (Object.hasOwn(body, name) ? body[name] : undefined)

/**
 * The call's body as a JSON object, or the refusal of one that is not: 415 for a content type other than JSON,
 * 408 for a body that does not arrive within `bodyTimeoutMs`, 413 past `limit` bytes (never buffered whole), 400
 * for bytes that are not UTF-8 JSON or JSON that is not an object (`example` shows the object expected).
 *
 * @example
 * const read = await readJsonObject(options, call, MAX_REQUEST_BODY_BYTES, '{"serialNumber": "…"}')
 * if (read.refused) return read.refused
 * fieldOf(read.body, 'serialNumber')
 */
export async function readJsonObject(
  { bodyTimeoutMs, version }: Pick<ResolvedHandlerOptions, 'bodyTimeoutMs' | 'version'>,
  call: IncomingCall,
  limit: number,
  example: string,
): Promise<JsonBody> {
  const refuse = (status: number, message: string) => ({ refused: refusal(status, message, version) })
  if (!JSON_MEDIA_TYPE.test(call.contentType() ?? '')) return refuse(415, 'Content-Type must be application/json.')
  const read = await call.readBody(limit, bodyTimeoutMs)
  if (read.status === 'aborted') return refuse(408, `The request body did not arrive within ${bodyTimeoutMs} ms.`)
  if (read.status === 'too-large') return refuse(413, `The request body is larger than ${limit} bytes.`)
  const json = parseJson(read.bytes)
  if (!json.ok) return refuse(400, 'The request body is not valid JSON.')
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value))
    return refuse(400, `The request body must be a JSON object: ${example}.`)
  return { body: json.value as JsonObject }
}
