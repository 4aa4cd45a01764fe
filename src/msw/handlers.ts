import { delay, http, HttpResponse, type HttpHandler } from 'msw'
import { CHAT_SESSION_PATH } from '../core/constants'
import { createEnvelope } from '../core/envelope'
import { serialNumberProblem } from '../core/serial-number'

/** Options shared by every factory of {@link hotTaskHandlers}. */
export interface HotTaskMockOptions {
  /** Wait this long before replying, in ms (msw's `delay`). Default: no wait. */
  delayMs?: number
}

/** Options of the success replies. */
export interface HotTaskSuccessMockOptions extends HotTaskMockOptions {
  /** The `SessionID` to return. Default: 123456, then 123457, … one new id per request. */
  sessionId?: number
  /** The `Version` of the reply. Default `'1.0.0'`. */
  version?: string
}

/** Options of {@link hotTaskHandlers.businessError}. */
export interface HotTaskBusinessErrorMockOptions extends HotTaskMockOptions {
  /** The envelope's `Code`. Default 404. */
  code?: number
  /** The envelope's `Message`. Default `'Chatbot not found'`. */
  message?: string
}

/** Options of {@link hotTaskHandlers.httpError}. */
export interface HotTaskHttpErrorMockOptions extends HotTaskMockOptions {
  /** The HTTP status. Default 503. */
  status?: number
  /** The envelope's `Message`. Default: the status text, e.g. `'Service Unavailable'`. */
  message?: string
  /** Sent as the `Retry-After` header: seconds, or an HTTP date. */
  retryAfter?: number | string
}

/** Options of {@link hotTaskHandlers.failThenSucceed}. */
export interface HotTaskFailThenSucceedMockOptions extends HotTaskSuccessMockOptions {
  /** How many requests fail before one succeeds. Default 2. */
  failures?: number
  /** The HTTP status of the failures. Default 503. */
  status?: number
  /** `Retry-After` of the failures, in seconds or as an HTTP date. */
  retryAfter?: number | string
}

/** Options of {@link hotTaskHandlers.malformed}. */
export interface HotTaskMalformedMockOptions extends HotTaskMockOptions {
  /** The 200 reply's body. Default: an HTML page, as a misconfigured proxy would send. */
  body?: string
}

const route = `*${CHAT_SESSION_PATH}`
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

async function wait(delayMs: number | undefined) {
  if (delayMs !== undefined) await delay(delayMs)
}

function sessionIds(first?: number) {
  let next = first ?? 123456
  return () => (first === undefined ? next++ : first)
}

/** The reply of a real API to this request: a session, or a business error for an unusable serial number. */
async function sessionReply(request: Request, sessionId: number, version?: string) {
  const body: unknown = await request.json().catch(() => undefined)
  const problem = serialNumberProblem((body as { serialNumber?: unknown } | undefined)?.serialNumber)
  if (problem) return HttpResponse.json(createEnvelope(null, { code: 400, message: `Invalid serial number: ${problem}.`, version }))
  return HttpResponse.json(createEnvelope({ SessionID: sessionId }, { version }))
}

function errorReply(status: number, message = STATUS_TEXT[status] ?? 'Error', retryAfter?: number | string) {
  const headers = retryAfter === undefined ? undefined : { 'Retry-After': String(retryAfter) }
  return HttpResponse.json(createEnvelope(null, { code: status, message }), { status, headers })
}

/**
 * msw 2 handlers that imitate HotTask's "Create Chat Session" (`POST …/chat/Chatbot/GetSession` under any
 * base URL, the proxy's too), one factory a scenario. Each call returns one handler; use it with
 * `setupServer`, `setupWorker` or msw-storybook-addon. A handler keeps its own count (the next
 * `SessionID`, the failures left of `failThenSucceed`), so make a new one for each test or story.
 *
 * @example
 * // a test, with msw/node's setupServer
 * server.use(hotTaskHandlers.httpError({ status: 429, retryAfter: 1 }))
 * // a story, with msw-storybook-addon's loader
 * beforeEach: ({ msw }) => msw.use(hotTaskHandlers.failThenSucceed({ failures: 2 }))
 */
export const hotTaskHandlers = {
  /** A session for every request (a new `SessionID` each time unless `sessionId` is set). */
  success(options: HotTaskSuccessMockOptions = {}): HttpHandler {
    const nextId = sessionIds(options.sessionId)
    return http.post(route, async ({ request }) => {
      await wait(options.delayMs)
      return sessionReply(request, nextId(), options.version)
    })
  },

  /** HTTP 200 with `Success: false`: the API refused, e.g. an unknown chatbot. */
  businessError({ code = 404, message = 'Chatbot not found', delayMs }: HotTaskBusinessErrorMockOptions = {}): HttpHandler {
    return http.post(route, async () => {
      await wait(delayMs)
      return HttpResponse.json(createEnvelope(null, { code, message }))
    })
  },

  /** A non-2xx reply in the envelope, e.g. 401, 429 with `Retry-After`, or a persistent 503. */
  httpError({ status = 503, message, retryAfter, delayMs }: HotTaskHttpErrorMockOptions = {}): HttpHandler {
    return http.post(route, async () => {
      await wait(delayMs)
      return errorReply(status, message, retryAfter)
    })
  },

  /** The first `failures` requests to this handler fail with `status`, then every request succeeds. */
  failThenSucceed(options: HotTaskFailThenSucceedMockOptions = {}): HttpHandler {
    const { failures = 2, status = 503, retryAfter } = options
    const nextId = sessionIds(options.sessionId)
    let seen = 0
    return http.post(route, async ({ request }) => {
      await wait(options.delayMs)
      return seen++ < failures ? errorReply(status, undefined, retryAfter) : sessionReply(request, nextId(), options.version)
    })
  },

  /** The connection fails, as when offline or blocked by CORS: `fetch` rejects. */
  networkError({ delayMs }: HotTaskMockOptions = {}): HttpHandler {
    return http.post(route, async () => {
      await wait(delayMs)
      return HttpResponse.error()
    })
  },

  /** HTTP 200 whose body is not the API's JSON envelope. */
  malformed({ body = '<!doctype html><title>Welcome</title>', delayMs }: HotTaskMalformedMockOptions = {}): HttpHandler {
    return http.post(route, async () => {
      await wait(delayMs)
      return new HttpResponse(body, { status: 200, headers: { 'Content-Type': 'text/html' } })
    })
  },

  /** A session, after `delayMs` (default 3000): for loading states, and for timeouts with a smaller `timeoutMs`. */
  slow({ delayMs = 3_000, ...options }: HotTaskSuccessMockOptions = {}): HttpHandler {
    return hotTaskHandlers.success({ ...options, delayMs })
  },
}
