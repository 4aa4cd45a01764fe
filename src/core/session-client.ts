import type { ResolvedConfig } from './config'
import { CHAT_SESSION_PATH } from './constants'
import { createInFlight } from './in-flight'
import { postToHotTask } from './post-to-hottask'
import { readChatSession } from './read-chat-session'
import { assertSerialNumber } from './serial-number'
import type { ChatSession } from './types'

/**
 * The session half of a client: `createChatSession` makes one attempt a call, whatever `maxRetries` it is
 * given (react-query runs `useChatSession`'s retries, by `maxRetries`). All that `useChatSession` needs, so an
 * app that only opens sessions loads neither the message code nor the client's own retry loop;
 * {@link wholeClient} adds both.
 */
export interface SessionClient {
  /** One attempt at "Create Chat Session" (shared with concurrent calls for the serial number when `shareInFlight` is on). */
  createChatSession(serialNumber: string, options?: { signal?: AbortSignal }): Promise<ChatSession>
  /** The client's `maxRetries`, for whoever runs the retries. */
  readonly maxRetries: number
}

// The checked config a client was made with, for the whole client (see whole-client.ts).
const configs = new WeakMap<SessionClient, ResolvedConfig>()

/** The checked config `client` was made with. */
export const configOf = (client: SessionClient): ResolvedConfig => configs.get(client)!

/**
 * The session half of a client for a checked config: single attempts at `createChatSession` and, when
 * `shareInFlight` is on, concurrent calls for one serial number sharing one attempt.
 *
 * @example
 * const sessions = createSessionClient(resolveConfig({ baseUrl: '/api/hottask' }))
 */
export function createSessionClient(config: ResolvedConfig): SessionClient {
  const share = createInFlight<ChatSession>()

  async function createChatSession(serialNumber: string, { signal }: { signal?: AbortSignal } = {}): Promise<ChatSession> {
    assertSerialNumber(serialNumber)
    const attempt = { path: CHAT_SESSION_PATH, body: { serialNumber }, timeoutMs: config.timeoutMs } as const
    const request = (controller: AbortController) => postToHotTask(config, attempt, controller).then((reply) => readChatSession(reply, serialNumber, config.apiKey))
    return share(config.shareInFlight ? serialNumber : Symbol(), request, signal)
  }

  const client = { createChatSession, maxRetries: config.maxRetries }
  configs.set(client, config)
  return client
}
