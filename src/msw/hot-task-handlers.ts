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
  // Named one by one, not spread from one object per call: a spread object's members lose their TSDoc in the
  // built .d.ts, while a named function keeps its own.
  success,
  businessError,
  httpError,
  failThenSucceed,
  networkError,
  malformed,
  slow,
  messageReply,
  messageBusinessError,
  messageHttpError,
  messageFailThenSucceed,
  messageNetworkError,
  messageMalformed,
  messageSlow,
  chatbot,
}
