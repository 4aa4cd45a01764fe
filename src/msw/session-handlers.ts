// The factories of `hotTaskHandlers` for "Create Chat Session" (`POST …/chat/Chatbot/GetSession`).
import { HttpResponse, type HttpHandler } from 'msw'
import { CHAT_SESSION_PATH } from '../core/constants'
import type { ChatSessionData } from '../core/envelope'
import { FIRST_SESSION_ID, idsFrom } from './ids'
import { mockPost } from './mock-post'
import type {
  HotTaskBusinessErrorMockOptions,
  HotTaskFailThenSucceedMockOptions,
  HotTaskHttpErrorMockOptions,
  HotTaskMalformedMockOptions,
  HotTaskMockOptions,
  HotTaskSuccessMockOptions,
} from './options'
import { readSessionRequest } from './read-request'
import { businessErrorReply, errorReply, failingFirst, malformedReply, successReply, type MockReply } from './replies'

/** HotTask's answer to a session request: a new session, or a business error for an unusable serial number. */
function sessionReply({ sessionId, version }: HotTaskSuccessMockOptions): MockReply {
  const nextId = sessionId === undefined ? idsFrom(FIRST_SESSION_ID) : () => sessionId
  return async (request) => {
    const read = await readSessionRequest(request, version)
    if (read.refusal) return read.refusal
    return successReply<ChatSessionData>({ SessionID: nextId() }, version)
  }
}

/**
 * A session for every request (a new `SessionID` each time unless `sessionId` is set). A body without a usable
 * `serialNumber` gets HotTask's business error (`Code` 400), as the client would never send it.
 *
 * @example
 * server.use(hotTaskHandlers.success())
 * await client.createChatSession('3254a9d0…') // { sessionId: 123456, … }
 */
export function success(options: HotTaskSuccessMockOptions = {}): HttpHandler {
  return mockPost(CHAT_SESSION_PATH, options.delayMs, sessionReply(options))
}

/**
 * HTTP 200 with `Success: false`: the API refused, e.g. an unknown chatbot (default `Code` 404, `'Chatbot not found'`).
 *
 * @example
 * server.use(hotTaskHandlers.businessError({ code: 4031, message: 'Chatbot disabled' }))
 * // createChatSession rejects: kind 'api', code 4031
 */
export function businessError({ code = 404, message = 'Chatbot not found', delayMs }: HotTaskBusinessErrorMockOptions = {}): HttpHandler {
  return mockPost(CHAT_SESSION_PATH, delayMs, () => businessErrorReply(code, message))
}

/**
 * A non-2xx reply in the envelope, e.g. 401, 429 with `Retry-After`, or a persistent 503 (the default).
 *
 * @example
 * server.use(hotTaskHandlers.httpError({ status: 429, retryAfter: 1 }))
 * // createChatSession waits 1 s and tries again; with maxRetries: 0 it rejects: kind 'http', retryAfterMs 1000
 */
export function httpError({ status = 503, message, retryAfter, delayMs }: HotTaskHttpErrorMockOptions = {}): HttpHandler {
  return mockPost(CHAT_SESSION_PATH, delayMs, () => errorReply(status, { message, retryAfter }))
}

/**
 * The first `failures` requests to this handler (default 2) fail with `status` (default 503), then every
 * request succeeds: the client's retries at work.
 *
 * @example
 * server.use(hotTaskHandlers.failThenSucceed({ failures: 2, retryAfter: 0 }))
 * await client.createChatSession('3254a9d0…') // succeeds on the third attempt
 */
export function failThenSucceed({ failures = 2, status = 503, retryAfter, ...options }: HotTaskFailThenSucceedMockOptions = {}): HttpHandler {
  return mockPost(CHAT_SESSION_PATH, options.delayMs, failingFirst(failures, { status, retryAfter }, sessionReply(options)))
}

/**
 * The connection fails, as when offline or blocked by CORS: `fetch` rejects.
 *
 * @example
 * server.use(hotTaskHandlers.networkError())
 * // createChatSession rejects after its retries: kind 'network'
 */
export function networkError({ delayMs }: HotTaskMockOptions = {}): HttpHandler {
  return mockPost(CHAT_SESSION_PATH, delayMs, () => HttpResponse.error())
}

/**
 * HTTP 200 whose body is not the API's JSON envelope (default: an HTML page).
 *
 * @example
 * server.use(hotTaskHandlers.malformed({ body: '{}' }))
 * // createChatSession rejects: kind 'invalid-response'
 */
export function malformed({ body, delayMs }: HotTaskMalformedMockOptions = {}): HttpHandler {
  return mockPost(CHAT_SESSION_PATH, delayMs, () => malformedReply(body))
}

/**
 * A session, after `delayMs` (default 3000): for loading states, and for timeouts with a smaller `timeoutMs`.
 *
 * @example
 * server.use(hotTaskHandlers.slow())
 * createHotTaskClient({ timeoutMs: 1_000 }).createChatSession('3254a9d0…') // kind 'timeout'
 */
export function slow({ delayMs = 3_000, ...options }: HotTaskSuccessMockOptions = {}): HttpHandler {
  return success({ ...options, delayMs })
}
