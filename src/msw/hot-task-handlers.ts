import { businessError, failThenSucceed, httpError, malformed, networkError, slow, success } from './session-handlers'

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
  // Named one by one, not spread from one object per call: a spread object's members lose their TSDoc in the
  // built .d.ts, while a named function keeps its own.
  success,
  businessError,
  httpError,
  failThenSucceed,
  networkError,
  malformed,
  slow,
}
