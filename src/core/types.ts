/**
 * Options of {@link createHotTaskClient}. All are optional.
 *
 * @example
 * const config: HotTaskClientConfig = { apiKey: process.env.HOTTASK_API_KEY, timeoutMs: 10_000, maxRetries: 0 }
 * const client = createHotTaskClient(config)
 */
export interface HotTaskClientConfig {
  /**
   * Where the API is: absolute (`https://usapi.hottask.com`, the default) or relative to the page
   * (`/api/hottask`) for the proxy mode, where your server adds the key (see `react-hottask/server`).
   */
  baseUrl?: string
  /**
   * The secret key, sent as the `Authorization` header. Leave it out in the browser: use the proxy mode.
   * In a browser it is refused unless `dangerouslyAllowBrowser` is true; `HotTaskProvider` refuses it
   * without `dangerouslyAllowBrowser` in a server render too (its props reach the browser from there).
   */
  apiKey?: string
  /**
   * Extra request headers, or a function (sync or async) called before every attempt, e.g. for your own auth
   * token. In a browser, an `Authorization` header sent to another origin than the page's is refused like
   * `apiKey` (it can only be a key there); to your own proxy route (a relative `baseUrl`) it is fine.
   */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>)
  /** The `fetch` to use instead of the global one (tests, instrumentation). Looked up at call time when not given. */
  fetch?: typeof fetch
  /** How long one attempt at creating a session may take before it fails with a `timeout` error, in ms. Default 15000. */
  timeoutMs?: number
  /**
   * How long one attempt at sending a message may take before it fails with a `timeout` error, in ms. Default 60000:
   * an AI reply takes longer than a session. A timed-out message is not retried (it may have reached HotTask).
   */
  messageTimeoutMs?: number
  /**
   * How many times a failure is tried again. Default 2 (at most 3 attempts); 0 turns retries off. Sessions retry
   * every `retryable` failure; messages only an HTTP 429 or 503, which say the message was not taken.
   */
  maxRetries?: number
  /**
   * Concurrent calls for the same serial number share one attempt. Default false: on a server, two visitors
   * must never receive one session. `HotTaskProvider` turns it on, since a page is one visitor.
   */
  shareInFlight?: boolean
  /**
   * Allow `apiKey` (or an `Authorization` header to another origin) in a browser, where anyone can read it.
   * Only for trusted pages such as internal tools.
   */
  dangerouslyAllowBrowser?: boolean
}

/**
 * Options of one {@link HotTaskClient.createChatSession} call.
 *
 * @example
 * const options: CreateChatSessionOptions = { maxRetries: 0 } // one attempt
 * const session = await client.createChatSession('3254a9d0…', options)
 */
export interface CreateChatSessionOptions {
  /** Aborts this call: it rejects with an `aborted` error, and no retry follows. */
  signal?: AbortSignal
  /** Overrides the client's `maxRetries` for this call; 0 makes one attempt. */
  maxRetries?: number
}

/**
 * A chat session the API created.
 *
 * @example
 * const session: ChatSession = await client.createChatSession('3254a9d0…')
 * const reply = await client.sendMessage(session, 'Hello!')
 */
export interface ChatSession {
  /** The `SessionID` the API returned: pass the session to {@link HotTaskClient.sendMessage}. */
  sessionId: number
  /** The chatbot the session belongs to. */
  serialNumber: string
  /** The API's `Version` from the reply. */
  version: string
  /**
   * Set when react-hottask's proxy (`createHotTaskHandler`) created the session: the proxy forwards messages only
   * with it, so that no visitor can write into another's conversation. `sendMessage` sends it back. Absent when the
   * client calls HotTask directly.
   */
  sessionToken?: string
}

/**
 * The part of a {@link ChatSession} that {@link HotTaskClient.sendMessage} needs: any object with these fields,
 * such as a session you kept from an earlier `createChatSession`.
 *
 * @example
 * const session: ChatSessionRef = { sessionId: 123456 }
 */
export type ChatSessionRef = Pick<ChatSession, 'sessionId' | 'sessionToken'>

/**
 * Options of one {@link HotTaskClient.sendMessage} call.
 *
 * @example
 * const options: SendMessageOptions = { signal: controller.signal } // controller.abort() rejects it: kind 'aborted'
 * const reply = await client.sendMessage(session, 'Hello!', options)
 */
export interface SendMessageOptions {
  /** Aborts this call: it rejects with an `aborted` error, and no retry follows. */
  signal?: AbortSignal
  /** Overrides the client's `maxRetries` for this call (only HTTP 429 and 503 are retried); 0 makes one attempt. */
  maxRetries?: number
}

/**
 * The chatbot's answer to one message ("Message a Chatbot").
 *
 * @example
 * const reply: ChatReply = await client.sendMessage(session, 'Hello!')
 * console.log(reply.content, reply.totalTokens)
 */
export interface ChatReply {
  /** The answer's text. */
  content: string
  /** HotTask's id of the answer (`Data.messageid`), when it sent one. */
  messageId?: number
  /** The tokens HotTask counted for this exchange (`Data.totalToken`), when it sent them. */
  totalTokens?: number
  /** The API's `Version` from the reply. */
  version: string
}

/**
 * A HotTask API client, made by {@link createHotTaskClient}.
 *
 * @example
 * async function greet(client: HotTaskClient, serialNumber: string): Promise<ChatReply> {
 *   return client.sendMessage(await client.createChatSession(serialNumber), 'Hello!')
 * }
 */
export interface HotTaskClient {
  /**
   * Creates a chat session for the chatbot `serialNumber`, retrying `retryable` failures as configured.
   * Rejects with a {@link HotTaskError} on any failure.
   */
  createChatSession(serialNumber: string, options?: CreateChatSessionOptions): Promise<ChatSession>
  /**
   * Sends `content` to the chatbot in `session` and resolves with its answer. Rejects with a {@link HotTaskError}
   * on any failure: `invalid-input` (nothing sent) for a session without a positive whole `sessionId`, or content
   * that is not a string, blank, over `MAX_MESSAGE_LENGTH` (16,384) characters or holds control characters other
   * than tab and line breaks. A message is not idempotent, so only an HTTP 429 or 503 is retried.
   *
   * @example
   * const reply = await client.sendMessage(session, 'Hello!')
   * console.log(reply.content)
   */
  sendMessage(session: ChatSessionRef, content: string, options?: SendMessageOptions): Promise<ChatReply>
  /** The client's `maxRetries` (the default, or the configured value). */
  readonly maxRetries: number
}
