import { chatbot } from './chatbot'
import {
  messageBusinessError,
  messageFailThenSucceed,
  messageHttpError,
  messageMalformed,
  messageNetworkError,
  messageReply,
  messageSlow,
} from './message-handlers'
import { businessError, failThenSucceed, httpError, malformed, networkError, slow, success } from './session-handlers'

/**
 * msw 2 handlers that imitate HotTask's two calls under any base URL (the proxy's too), one factory a scenario:
 * "Create Chat Session" (`POST …/chat/Chatbot/GetSession`: `success`, `businessError`, `httpError`,
 * `failThenSucceed`, `networkError`, `malformed`, `slow`), "Message a Chatbot" (`POST …/chat/Chat/ClientAsk`: the
 * same states, named `messageReply`, `messageBusinessError`, …), and `chatbot`, which answers both as one
 * conversation. Each factory returns one handler (`chatbot` returns both of its own); use them with
 * `setupServer`, `setupWorker` or msw-storybook-addon. A handler keeps its own count (the next id, the failures
 * left of a fail-then-succeed, a chatbot's conversations), so make new ones for each test or story.
 *
 * @example
 * // a test, with msw/node's setupServer
 * server.use(hotTaskHandlers.success(), hotTaskHandlers.messageHttpError({ status: 429, retryAfter: 1 }))
 * // a story, with msw-storybook-addon's loader
 * beforeEach: ({ msw }) => msw.use(...hotTaskHandlers.chatbot({ replyDelayMs: 1_500 }))
 */
export const hotTaskHandlers = {
  // Shorthand members show no TSDoc of their own in editors or TypeDoc: each gets its line here.
  /** A session for every "Create Chat Session" request (a new `SessionID` each time). */
  success,
  /** HTTP 200 with `Success: false` for a session (kind `api`). */
  businessError,
  /** A non-2xx envelope for a session, with `Retry-After` when given (kind `http`). */
  httpError,
  /** The first sessions fail (503 by default), then sessions are made. */
  failThenSucceed,
  /** The session request fails to connect (kind `network`). */
  networkError,
  /** HTTP 200 for a session that is not the envelope (kind `invalid-response`). */
  malformed,
  /** A session after `delayMs` (default 3000). */
  slow,
  /** An answer to every "Message a Chatbot" request (default `You said: <text>`). */
  messageReply,
  /** HTTP 200 with `Success: false` for a message (kind `api`). */
  messageBusinessError,
  /** A non-2xx envelope for a message, with `Retry-After` when given (kind `http`). */
  messageHttpError,
  /** The first messages fail (one 503 by default), then they are answered. */
  messageFailThenSucceed,
  /** The message request fails to connect (kind `network`). */
  messageNetworkError,
  /** HTTP 200 for a message that is not the envelope (kind `invalid-response`). */
  messageMalformed,
  /** An answer after `delayMs` (default 3000). */
  messageSlow,
  /** Both calls as one conversation per session, with session tokens; returns two handlers. */
  chatbot,
}
