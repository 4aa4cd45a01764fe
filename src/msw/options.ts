/** Options shared by every factory of `hotTaskHandlers`. */
export interface HotTaskMockOptions {
  /** Wait this long before replying, in ms (msw's `delay`). Default: no wait. */
  delayMs?: number
}

/** Options of the session success replies (`success`, `slow`). */
export interface HotTaskSuccessMockOptions extends HotTaskMockOptions {
  /** The `SessionID` to return. Default: 123456, then 123457, … one new id per request. */
  sessionId?: number
  /** The `Version` of the reply. Default `'1.0.0'`. */
  version?: string
}

/** Options of `hotTaskHandlers.businessError`. */
export interface HotTaskBusinessErrorMockOptions extends HotTaskMockOptions {
  /** The envelope's `Code`. Default 404. */
  code?: number
  /** The envelope's `Message`. Default `'Chatbot not found'`. */
  message?: string
}

/** Options of `hotTaskHandlers.httpError` and `hotTaskHandlers.messageHttpError`. */
export interface HotTaskHttpErrorMockOptions extends HotTaskMockOptions {
  /** The HTTP status. Default 503. */
  status?: number
  /** The envelope's `Message`. Default: the status text, e.g. `'Service Unavailable'`. */
  message?: string
  /** Sent as the `Retry-After` header: seconds, or an HTTP date. */
  retryAfter?: number | string
}

/** Options of `hotTaskHandlers.failThenSucceed`. */
export interface HotTaskFailThenSucceedMockOptions extends HotTaskSuccessMockOptions {
  /** How many requests fail before one succeeds. Default 2. */
  failures?: number
  /** The HTTP status of the failures. Default 503. */
  status?: number
  /** `Retry-After` of the failures, in seconds or as an HTTP date. */
  retryAfter?: number | string
}

/** Options of `hotTaskHandlers.malformed` and `hotTaskHandlers.messageMalformed`. */
export interface HotTaskMalformedMockOptions extends HotTaskMockOptions {
  /** The 200 reply's body. Default: an HTML page, as a misconfigured proxy would send. */
  body?: string
}

/** What `messageReply`'s `reply` function is told besides the message's text. */
export interface HotTaskMessageReplyContext {
  /** The `sessionID` the message was sent in. */
  sessionId: number
}

/** Options of the message success replies (`messageReply`, `messageSlow`). */
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

/** Options of `hotTaskHandlers.messageBusinessError`. */
export interface HotTaskMessageBusinessErrorMockOptions extends HotTaskMockOptions {
  /** The envelope's `Code`. Default 404. */
  code?: number
  /** The envelope's `Message`. Default `'Session not found'`. */
  message?: string
}

/** Options of `hotTaskHandlers.messageFailThenSucceed`. */
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

/** One message of a conversation the `chatbot` mock holds. */
export interface HotTaskChatbotMessage {
  /** Who wrote it: the visitor (`'user'`) or the chatbot (`'assistant'`). */
  role: 'user' | 'assistant'
  /** The message's text. */
  content: string
}

/** What the `chatbot` mock's `reply` function is told besides the message's text. */
export interface HotTaskChatbotReplyContext extends HotTaskMessageReplyContext {
  /** This session's earlier exchanges, oldest first: a user message, then the chatbot's answer to it. */
  history: readonly HotTaskChatbotMessage[]
}

/** Options of `hotTaskHandlers.chatbot`. */
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
