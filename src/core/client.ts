import { abortedError, sleep } from './abort'
import { resolveConfig, assertCount } from './config'
import { CHAT_MESSAGE_PATH, CHAT_SESSION_PATH } from './constants'
import { HotTaskError } from './errors'
import { createInFlight } from './in-flight'
import { assertMessageContent } from './message-content'
import { postToHotTask } from './post-to-hottask'
import { readChatReply } from './read-chat-reply'
import { readChatSession } from './read-chat-session'
import { messageRetryDelayMs, retryDelayMs } from './retry'
import { assertSerialNumber } from './serial-number'
import { sessionProblem } from './session-ref'
import type { ChatReply, ChatSession, ChatSessionRef, CreateChatSessionOptions, HotTaskClient, HotTaskClientConfig, SendMessageOptions } from './types'

type RetryPolicy = (error: unknown, retriesSoFar: number, maxRetries: number) => number | undefined

/** Runs `attempt` until it succeeds, `policy` says to give up, or `signal` aborts (also while waiting). */
async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy, maxRetries: number, signal: AbortSignal | undefined): Promise<T> {
  assertCount('maxRetries', maxRetries, 0)
  for (let retries = 0; ; retries++) {
    if (signal?.aborted) throw abortedError(signal)
    try {
      return await attempt()
    } catch (error) {
      const delay = policy(error, retries, maxRetries)
      if (delay === undefined) throw error
      await sleep(delay, signal)
    }
  }
}

/**
 * Makes a HotTask API client. Throws a `config` {@link HotTaskError} for settings that cannot work,
 * such as a secret key in a browser without `dangerouslyAllowBrowser`.
 *
 * @example
 * const client = createHotTaskClient({ apiKey: process.env.HOTTASK_API_KEY })
 * const session = await client.createChatSession('3254a9d0…')
 * const reply = await client.sendMessage(session, 'Hello!')
 */
export function createHotTaskClient(config: HotTaskClientConfig = {}): HotTaskClient {
  const resolved = resolveConfig(config)
  const share = createInFlight<ChatSession>()
  // Messages are never shared (two messages with the same text are two messages): each call's key is its own,
  // which still cancels the attempt when its caller aborts.
  const run = createInFlight<ChatReply>()

  async function createChatSession(serialNumber: string, { signal, maxRetries = resolved.maxRetries }: CreateChatSessionOptions = {}): Promise<ChatSession> {
    assertSerialNumber(serialNumber)
    const attempt = { path: CHAT_SESSION_PATH, body: { serialNumber }, timeoutMs: resolved.timeoutMs } as const
    const request = (controller: AbortController) => postToHotTask(resolved, attempt, controller).then((reply) => readChatSession(reply, serialNumber, resolved.apiKey))
    return withRetries(() => share(resolved.shareInFlight ? serialNumber : Symbol(), request, signal), retryDelayMs, maxRetries, signal)
  }

  async function sendMessage(session: ChatSessionRef, content: string, { signal, maxRetries = resolved.maxRetries }: SendMessageOptions = {}): Promise<ChatReply> {
    const problem = sessionProblem(session)
    if (problem) throw new HotTaskError('invalid-input', `Invalid session: ${problem}.`)
    assertMessageContent(content)
    const { sessionId: sessionID, sessionToken } = session
    const body = { sessionID, content, stream: false, ...(sessionToken !== undefined && { sessionToken }) }
    const attempt = { path: CHAT_MESSAGE_PATH, body, timeoutMs: resolved.messageTimeoutMs } as const
    const request = (controller: AbortController) => postToHotTask(resolved, attempt, controller).then((reply) => readChatReply(reply, resolved.apiKey))
    return withRetries(() => run(Symbol(), request, signal), messageRetryDelayMs, maxRetries, signal)
  }

  return { createChatSession, sendMessage, maxRetries: resolved.maxRetries }
}
