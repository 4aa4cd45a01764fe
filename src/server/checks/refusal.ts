import { createEnvelope } from '../../core/envelope'

/**
 * An answer of the handler's own: a JSON envelope with its status and headers, not yet a `Response`, so the
 * Node fast path can write it to `res` without building Fetch objects. {@link toResponse} makes it one.
 *
 * @example
 * const answer: EnvelopeAnswer = refusal(403, 'This chatbot is not served here.', '1.0.0')
 */
export interface EnvelopeAnswer {
  status: number
  /** Header names in lower case; always `content-type` and `cache-control`. */
  headers: Record<string, string>
  /** The envelope as JSON. */
  body: string
}

/**
 * What the handler answers: its own envelope, or the `Response` an `authorize` callback returned, sent as it is.
 *
 * @example
 * const answer: Answer = verdict instanceof Response ? verdict : refusal(401, 'Not authorized.', version)
 */
export type Answer = EnvelopeAnswer | Response

/**
 * A JSON answer with `status`, never cached: `json` is an envelope's JSON, sent as it is. The caller has
 * already taken the key out of it and of `headers` (see `relay/forward.ts`).
 *
 * @example
 * return envelopeAnswer(JSON.stringify(scrubbedEnvelope), 429, { 'retry-after': '3' })
 */
export function envelopeAnswer(json: string, status: number, headers?: Record<string, string>): EnvelopeAnswer {
  return {
    status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: json,
  }
}

/**
 * The handler's own refusal, in the API's envelope: `{Data: null, Version, Success: false, Code: status, Message}`,
 * so the browser's client reads it like any HotTask error.
 *
 * @example
 * return refusal(403, 'This chatbot is not allowed here.', '1.0.0')
 */
export function refusal(status: number, message: string, version: string, headers?: Record<string, string>): EnvelopeAnswer {
  return envelopeAnswer(JSON.stringify(createEnvelope(null, { code: status, message, version })), status, headers)
}

/**
 * The Fetch `Response` for an answer.
 *
 * @example
 * return toResponse(refusal(404, 'Not found.', '1.0.0'))
 */
export const toResponse = (answer: Answer): Response =>
  isEnvelopeAnswer(answer) ? new Response(answer.body, { status: answer.status, headers: answer.headers }) : answer

/**
 * True for the handler's own answer, false for a `Response` (whose `body` is a stream or `null`, never a string).
 * Not `instanceof Response`: on Node that would load the Fetch implementation for an answer that needs none.
 *
 * @example
 * if (isEnvelopeAnswer(answer)) res.end(answer.body)
 */
export const isEnvelopeAnswer = (answer: Answer): answer is EnvelopeAnswer => typeof answer.body === 'string'

/**
 * The answer to a visitor who has already gone: it reaches no one, so it only has to be cheap and honest
 * (499, nginx's "client closed request"). No upstream call is made for it and `onError` is not told.
 *
 * @example
 * if (call.isGone()) return clientGone(options.version)
 */
export const clientGone = (version: string) => refusal(499, 'The client closed the request.', version)
