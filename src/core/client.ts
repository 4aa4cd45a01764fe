import { abortedError, sleep } from './abort'
import { resolveConfig, assertCount } from './config'
import { createInFlight } from './in-flight'
import { requestChatSession } from './request-chat-session'
import { retryDelayMs } from './retry'
import { assertSerialNumber } from './serial-number'
import type { ChatSession, CreateChatSessionOptions, HotTaskClient, HotTaskClientConfig } from './types'

/**
 * Makes a HotTask API client. Throws a `config` {@link HotTaskError} for settings that cannot work,
 * such as a secret key in a browser without `dangerouslyAllowBrowser`.
 *
 * @example
 * const client = createHotTaskClient({ apiKey: process.env.HOTTASK_API_KEY })
 * const { sessionId } = await client.createChatSession('3254a9d0…')
 */
export function createHotTaskClient(config: HotTaskClientConfig = {}): HotTaskClient {
  const resolved = resolveConfig(config)
  const share = createInFlight<ChatSession>()

  async function createChatSession(serialNumber: string, options: CreateChatSessionOptions = {}): Promise<ChatSession> {
    const { signal, maxRetries = resolved.maxRetries } = options
    assertSerialNumber(serialNumber)
    assertCount('maxRetries', maxRetries, 0)
    for (let retries = 0; ; retries++) {
      if (signal?.aborted) throw abortedError(signal)
      try {
        const key = resolved.shareInFlight ? serialNumber : Symbol()
        return await share(key, (controller) => requestChatSession(resolved, serialNumber, controller), signal)
      } catch (error) {
        const delay = retryDelayMs(error, retries, maxRetries)
        if (delay === undefined) throw error
        await sleep(delay, signal)
      }
    }
  }

  return { createChatSession, maxRetries: resolved.maxRetries }
}
