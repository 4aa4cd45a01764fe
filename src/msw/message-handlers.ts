// The factories of `hotTaskHandlers` for "Message a Chatbot" (`POST …/chat/Chat/ClientAsk`).
import { HttpResponse, type HttpHandler } from 'msw'
import { CHAT_MESSAGE_PATH } from '../core/constants'
import { answerReply, answerText, DOCUMENTED_TOTAL_TOKENS } from './answer'
import { FIRST_MESSAGE_ID, idsFrom } from './ids'
import { mockPost } from './mock-post'
import type {
  HotTaskHttpErrorMockOptions,
  HotTaskMalformedMockOptions,
  HotTaskMessageBusinessErrorMockOptions,
  HotTaskMessageFailThenSucceedMockOptions,
  HotTaskMessageReplyMockOptions,
  HotTaskMockOptions,
} from './options'
import { readMessageRequest } from './read-request'
import { businessErrorReply, errorReply, failingFirst, malformedReply, type MockReply } from './replies'

/** HotTask's answer to a message: the chatbot's reply, or a business error for a body it cannot use. */
function messageAnswer({ reply, messageId = FIRST_MESSAGE_ID, totalTokens = DOCUMENTED_TOTAL_TOKENS, version }: HotTaskMessageReplyMockOptions): MockReply {
  const nextId = idsFrom(messageId)
  return async (request) => {
    const read = await readMessageRequest(request, version)
    if (read.refusal) return read.refusal
    const content = await answerText(read.content, { sessionId: read.sessionId }, reply)
    return answerReply({ messageId: nextId(), content, totalTokens }, version)
  }
}

/**
 * Answers every message, by default with `You said: <content>`; `messageid` counts up from `messageId`. A body
 * that is not a usable message (a `sessionID` that is not a positive whole number, content that `sendMessage`
 * would refuse) gets HotTask's business error (`Code` 400, `Message` `'Invalid message: …'`). It holds no
 * conversation and takes any `sessionID`: for that, see `chatbot`.
 *
 * @example
 * server.use(hotTaskHandlers.messageReply({ reply: (content) => content.toUpperCase() }))
 * await client.sendMessage({ sessionId: 123456 }, 'hi') // { content: 'HI', messageId: 375561, … }
 */
export function messageReply(options: HotTaskMessageReplyMockOptions = {}): HttpHandler {
  return mockPost(CHAT_MESSAGE_PATH, options.delayMs, messageAnswer(options))
}

/**
 * HTTP 200 with `Success: false`: HotTask refused the message (default `Code` 404, `'Session not found'`).
 *
 * @example
 * server.use(hotTaskHandlers.messageBusinessError({ code: 402, message: 'Out of credits' }))
 * // sendMessage rejects: kind 'api', code 402
 */
export function messageBusinessError({ code = 404, message = 'Session not found', delayMs }: HotTaskMessageBusinessErrorMockOptions = {}): HttpHandler {
  return mockPost(CHAT_MESSAGE_PATH, delayMs, () => businessErrorReply(code, message))
}

/**
 * A non-2xx reply in the envelope (default 503). `sendMessage` retries only 429 and 503, honouring `Retry-After`;
 * any other status reaches the caller at once.
 *
 * @example
 * server.use(hotTaskHandlers.messageHttpError({ status: 429, retryAfter: 30, message: 'Slow down' }))
 * // sendMessage with maxRetries: 0 rejects: kind 'http', status 429, retryAfterMs 30000
 */
export function messageHttpError({ status = 503, message, retryAfter, delayMs }: HotTaskHttpErrorMockOptions = {}): HttpHandler {
  return mockPost(CHAT_MESSAGE_PATH, delayMs, () => errorReply(status, { message, retryAfter }))
}

/**
 * The first `failures` messages to this handler (default 1) fail with `status` (default 503), then every one is
 * answered as by `messageReply`. With 429 or 503, `sendMessage` retries on its own; with another status the
 * visitor's retry (`useChat`'s `retry`) gets the answer.
 *
 * @example
 * server.use(hotTaskHandlers.messageFailThenSucceed({ retryAfter: 0 }))
 * await client.sendMessage(session, 'hi') // answered on the second attempt
 */
export function messageFailThenSucceed({ failures = 1, status = 503, retryAfter, ...options }: HotTaskMessageFailThenSucceedMockOptions = {}): HttpHandler {
  return mockPost(CHAT_MESSAGE_PATH, options.delayMs, failingFirst(failures, { status, retryAfter }, messageAnswer(options)))
}

/**
 * The connection fails, as when offline: `fetch` rejects. `sendMessage` does not retry it (the message may
 * have reached HotTask).
 *
 * @example
 * server.use(hotTaskHandlers.messageNetworkError())
 * // sendMessage rejects: kind 'network'
 */
export function messageNetworkError({ delayMs }: HotTaskMockOptions = {}): HttpHandler {
  return mockPost(CHAT_MESSAGE_PATH, delayMs, () => HttpResponse.error())
}

/**
 * HTTP 200 whose body is not the API's JSON envelope (default: an HTML page).
 *
 * @example
 * server.use(hotTaskHandlers.messageMalformed({ body: '{"Data":{},"Version":"1.0.0","Success":true,"Code":200,"Message":""}' }))
 * // sendMessage rejects: kind 'invalid-response' (a success without Data.content)
 */
export function messageMalformed({ body, delayMs }: HotTaskMalformedMockOptions = {}): HttpHandler {
  return mockPost(CHAT_MESSAGE_PATH, delayMs, () => malformedReply(body))
}

/**
 * An answer, after `delayMs` (default 3000): for typing indicators, Stop buttons, and timeouts with a smaller
 * `messageTimeoutMs`.
 *
 * @example
 * server.use(hotTaskHandlers.messageSlow({ delayMs: 5_000 }))
 * createHotTaskClient({ messageTimeoutMs: 1_000 }).sendMessage(session, 'hi') // kind 'timeout'
 */
export function messageSlow({ delayMs = 3_000, ...options }: HotTaskMessageReplyMockOptions = {}): HttpHandler {
  return messageReply({ ...options, delayMs })
}
