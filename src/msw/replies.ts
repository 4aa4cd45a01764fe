import { HttpResponse } from 'msw'
import { createEnvelope } from '../core/envelope'

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/** Answers one request: what each mock does once msw has matched its call. */
export type MockReply = (request: Request) => Response | Promise<Response>

/**
 * HTTP 200 with the envelope of a success around `data`.
 *
 * @example
 * return successReply<ChatSessionData>({ SessionID: 123456 })
 */
export function successReply<TData>(data: TData, version?: string): Response {
  return HttpResponse.json(createEnvelope(data, { version }))
}

/**
 * HTTP 200 whose envelope says the API refused (`Success: false`), as HotTask answers an unknown chatbot.
 *
 * @example
 * return businessErrorReply(400, 'Invalid serial number: it is empty.')
 */
export function businessErrorReply(code: number, message: string, version?: string): Response {
  return HttpResponse.json(createEnvelope(null, { code, message, version }))
}

/**
 * A non-2xx reply in the envelope (`Code` = `status`), with `Retry-After` when given. `message` defaults to the
 * status text (`'Error'` for a status without one).
 *
 * @example
 * return errorReply(429, { retryAfter: 2 })
 */
export function errorReply(
  status: number,
  { message = STATUS_TEXT[status] ?? 'Error', retryAfter, version }: { message?: string; retryAfter?: number | string; version?: string } = {},
): Response {
  const headers = retryAfter === undefined ? undefined : { 'Retry-After': String(retryAfter) }
  return HttpResponse.json(createEnvelope(null, { code: status, message, version }), { status, headers })
}

/**
 * HTTP 200 whose body is not the envelope. Default: an HTML page, as a misconfigured proxy would send.
 *
 * @example
 * return malformedReply('{}')
 */
export function malformedReply(body = '<!doctype html><title>Welcome</title>'): Response {
  return new HttpResponse(body, { status: 200, headers: { 'Content-Type': 'text/html' } })
}

/**
 * `reply`, once the first `failures` requests have been answered with {@link errorReply}`(status, { retryAfter })`.
 * The count is this function's own: make one per handler.
 *
 * @example
 * const reply = failingFirst(2, { status: 503 }, (request) => sessionReply(request))
 */
export function failingFirst(failures: number, failure: { status: number; retryAfter?: number | string }, reply: MockReply): MockReply {
  let seen = 0
  return (request) => (seen++ < failures ? errorReply(failure.status, { retryAfter: failure.retryAfter }) : reply(request))
}
