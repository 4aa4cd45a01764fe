/**
 * Options shared by every factory of `hotTaskHandlers`.
 *
 * @example
 * const options: HotTaskMockOptions = { delayMs: 500 }
 * server.use(hotTaskHandlers.networkError(options))
 */
export interface HotTaskMockOptions {
  /** Wait this long before replying, in ms (msw's `delay`). Default: no wait. */
  delayMs?: number
}

/**
 * Options of the session success replies (`success`, `slow`).
 *
 * @example
 * const options: HotTaskSuccessMockOptions = { sessionId: 42, version: '1.0.1' }
 * server.use(hotTaskHandlers.success(options)) // every session: { sessionId: 42, version: '1.0.1', … }
 */
export interface HotTaskSuccessMockOptions extends HotTaskMockOptions {
  /** The `SessionID` to return. Default: 123456, then 123457, … one new id per request. */
  sessionId?: number
  /** The `Version` of the reply. Default `'1.0.0'`. */
  version?: string
}

/**
 * Options of `hotTaskHandlers.businessError`.
 *
 * @example
 * const options: HotTaskBusinessErrorMockOptions = { code: 401, message: 'Invalid API key' }
 * server.use(hotTaskHandlers.businessError(options))
 */
export interface HotTaskBusinessErrorMockOptions extends HotTaskMockOptions {
  /** The envelope's `Code`. Default 404. */
  code?: number
  /** The envelope's `Message`. Default `'Chatbot not found'`. */
  message?: string
}

/**
 * Options of `hotTaskHandlers.httpError` and `hotTaskHandlers.messageHttpError`.
 *
 * @example
 * const options: HotTaskHttpErrorMockOptions = { status: 429, retryAfter: 2, message: 'Slow down' }
 * server.use(hotTaskHandlers.httpError(options), hotTaskHandlers.messageHttpError(options))
 */
export interface HotTaskHttpErrorMockOptions extends HotTaskMockOptions {
  /** The HTTP status. Default 503. */
  status?: number
  /** The envelope's `Message`. Default: the status text, e.g. `'Service Unavailable'`. */
  message?: string
  /** Sent as the `Retry-After` header: seconds, or an HTTP date. */
  retryAfter?: number | string
}

/**
 * Options of `hotTaskHandlers.failThenSucceed`.
 *
 * @example
 * const options: HotTaskFailThenSucceedMockOptions = { failures: 1, status: 502, retryAfter: 0 }
 * server.use(hotTaskHandlers.failThenSucceed(options))
 */
export interface HotTaskFailThenSucceedMockOptions extends HotTaskSuccessMockOptions {
  /** How many requests fail before one succeeds. Default 2. */
  failures?: number
  /** The HTTP status of the failures. Default 503. */
  status?: number
  /** `Retry-After` of the failures, in seconds or as an HTTP date. */
  retryAfter?: number | string
}

/**
 * Options of `hotTaskHandlers.malformed` and `hotTaskHandlers.messageMalformed`.
 *
 * @example
 * const options: HotTaskMalformedMockOptions = { body: 'Bad Gateway' }
 * server.use(hotTaskHandlers.malformed(options), hotTaskHandlers.messageMalformed(options))
 */
export interface HotTaskMalformedMockOptions extends HotTaskMockOptions {
  /** The 200 reply's body. Default: an HTML page, as a misconfigured proxy would send. */
  body?: string
}

/**
 * What `messageReply`'s `reply` function is told besides the message's text.
 *
 * @example
 * const reply = (content: string, { sessionId }: HotTaskMessageReplyContext) => `Session ${sessionId}: ${content}`
 * server.use(hotTaskHandlers.messageReply({ reply }))
 */
export interface HotTaskMessageReplyContext {
  /** The `sessionID` the message was sent in. */
  sessionId: number
}

/**
 * Options of the message success replies (`messageReply`, `messageSlow`).
 *
 * @example
 * const options: HotTaskMessageReplyMockOptions = { reply: 'We open at 9.', messageId: 1, totalTokens: 12 }
 * server.use(hotTaskHandlers.messageReply(options))
 */
export interface HotTaskMessageReplyMockOptions extends HotTaskMockOptions {
  /**
   * The answer's `content`: a fixed text, or a function of the message's text (sync or async).
   * Default: `You said: <content>`.
   */
  reply?: string | ((content: string, context: HotTaskMessageReplyContext) => string | Promise<string>)
  /** The first answer's `messageid`; every answer of this handler gets the next one. Default 375561. */
  messageId?: number
  /** The `totalToken` of every answer. Default 4337, as in HotTask's documented reply. */
  totalTokens?: number
  /** The `Version` of the reply. Default `'1.0.0'`. */
  version?: string
}

/**
 * Options of `hotTaskHandlers.messageBusinessError`.
 *
 * @example
 * const options: HotTaskMessageBusinessErrorMockOptions = { code: 402, message: 'Out of credits' }
 * server.use(hotTaskHandlers.messageBusinessError(options))
 */
export interface HotTaskMessageBusinessErrorMockOptions extends HotTaskMockOptions {
  /** The envelope's `Code`. Default 404. */
  code?: number
  /** The envelope's `Message`. Default `'Session not found'`. */
  message?: string
}

/**
 * Options of `hotTaskHandlers.messageFailThenSucceed`.
 *
 * @example
 * const options: HotTaskMessageFailThenSucceedMockOptions = { status: 500, reply: 'Back again!' }
 * server.use(hotTaskHandlers.messageFailThenSucceed(options)) // the first message fails (http 500); its retry gets 'Back again!'
 */
export interface HotTaskMessageFailThenSucceedMockOptions extends HotTaskMessageReplyMockOptions {
  /**
   * How many requests fail before one succeeds. Default 1: with the default status, `sendMessage` retries it on
   * its own (a second failure would too, within its default two retries).
   */
  failures?: number
  /**
   * The HTTP status of the failures. Default 503, which `sendMessage` retries; so is 429. Any other status is
   * returned to the caller at once, since that message may have reached HotTask.
   */
  status?: number
  /** `Retry-After` of the failures, in seconds or as an HTTP date. */
  retryAfter?: number | string
}

/**
 * One message of a conversation the `chatbot` mock holds.
 *
 * @example
 * const history: HotTaskChatbotMessage[] = [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'You said: Hi' }]
 */
export interface HotTaskChatbotMessage {
  /** Who wrote it: the visitor (`'user'`) or the chatbot (`'assistant'`). */
  role: 'user' | 'assistant'
  /** The message's text. */
  content: string
}

/**
 * What the `chatbot` mock's `reply` function is told besides the message's text.
 *
 * @example
 * const reply = (content: string, { history }: HotTaskChatbotReplyContext) => (history.length === 0 ? `Welcome! ${content}` : content)
 * server.use(...hotTaskHandlers.chatbot({ reply }))
 */
export interface HotTaskChatbotReplyContext extends HotTaskMessageReplyContext {
  /** This session's earlier exchanges, oldest first: a user message, then the chatbot's answer to it. */
  history: readonly HotTaskChatbotMessage[]
}

/**
 * Options of `hotTaskHandlers.chatbot`.
 *
 * @example
 * const options: HotTaskChatbotMockOptions = { serialNumbers: ['3254a9d0…'], replyDelayMs: 1_500 }
 * server.use(...hotTaskHandlers.chatbot(options))
 */
export interface HotTaskChatbotMockOptions {
  /**
   * The chatbot's answer: a fixed text, or a function of the message's text and its session's history (sync or
   * async). Default: `You said: <content>`.
   */
  reply?: string | ((content: string, context: HotTaskChatbotReplyContext) => string | Promise<string>)
  /** The first session's `SessionID`; every new session gets the next one. Default 123456. */
  sessionId?: number
  /** The chatbots it serves; a session for another serial number is refused (HTTP 403). Default: any. */
  serialNumbers?: readonly string[]
  /** Wait this long before answering either call, in ms. Default: no wait. */
  delayMs?: number
  /** Wait this long before answering a message instead, in ms: the time a typing indicator shows. Default: `delayMs`. */
  replyDelayMs?: number
  /** The `Version` of its replies. Default `'1.0.0'`. */
  version?: string
}
