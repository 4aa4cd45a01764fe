import type { ResolvedConfig } from './config'
import { CHAT_SESSION_PATH } from './constants'
import { createInFlight } from './in-flight'
import { postToHotTask } from './post-to-hottask'
import { readChatSession } from './read-chat-session'
import { retryDelayMs } from './retry'
import { assertSerialNumber } from './serial-number'
import type { ChatSession, CreateChatSessionOptions, HotTaskClient } from './types'
import { withRetries } from './with-retries'

/** The session half of a {@link HotTaskClient}: all that `useChatSession` needs, so an app that only opens sessions loads no message code. */
export type SessionClient = Pick<HotTaskClient, 'createChatSession' | 'maxRetries'>

// The checked config a client was made with, for the messages half (see with-messages.ts).
const configs = new WeakMap<SessionClient, ResolvedConfig>()

/** The checked config `client` was made with. */
export const configOf = (client: SessionClient): ResolvedConfig => configs.get(client)!

/**
 * The session half of a client for a checked config: `createChatSession` with the client's retries and, when
 * `shareInFlight` is on, concurrent calls for one serial number sharing one attempt.
 *
 * @example
 * const sessions = createSessionClient(resolveConfig({ baseUrl: '/api/hottask' }))
 */
export function createSessionClient(config: ResolvedConfig): SessionClient {
  const share = createInFlight<ChatSession>()

  async function createChatSession(serialNumber: string, { signal, maxRetries = config.maxRetries }: CreateChatSessionOptions = {}): Promise<ChatSession> {
    assertSerialNumber(serialNumber)
    const attempt = { path: CHAT_SESSION_PATH, body: { serialNumber }, timeoutMs: config.timeoutMs } as const
    const request = (controller: AbortController) => postToHotTask(config, attempt, controller).then((reply) => readChatSession(reply, serialNumber, config.apiKey))
    return withRetries(() => share(config.shareInFlight ? serialNumber : Symbol(), request, signal), retryDelayMs, maxRetries, signal)
  }

  const client = { createChatSession, maxRetries: config.maxRetries }
  configs.set(client, config)
  return client
}
