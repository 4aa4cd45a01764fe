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

/** Options of `hotTaskHandlers.httpError`. */
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

/** Options of `hotTaskHandlers.malformed`. */
export interface HotTaskMalformedMockOptions extends HotTaskMockOptions {
  /** The 200 reply's body. Default: an HTML page, as a misconfigured proxy would send. */
  body?: string
}
