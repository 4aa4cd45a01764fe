import { retryDelayMs } from './retry'
import { assertSerialNumber } from './serial-number'
import type { SessionClient } from './session-client'
import type { ChatSession, CreateChatSessionOptions, HotTaskClient } from './types'
import { withMessages } from './with-messages'
import { withRetries } from './with-retries'

// One whole client per session half, so `useHotTaskClient` gives the same object on every render.
const wholeClients = new WeakMap<SessionClient, HotTaskClient>()

/**
 * The whole {@link HotTaskClient} of a session half: `sendMessage` added ({@link withMessages}) and
 * `createChatSession` with the client's retries. Made once per session half (the same object on every call).
 * Apart from the session half, so that `useChatSession`, whose retries react-query runs, leaves this out.
 *
 * @example
 * const client = wholeClient(createSessionClient(resolveConfig(config)))
 */
export function wholeClient(client: SessionClient): HotTaskClient {
  let whole = wholeClients.get(client)
  if (whole) return whole

  async function createChatSession(serialNumber: string, { signal, maxRetries = client.maxRetries }: CreateChatSessionOptions = {}): Promise<ChatSession> {
    assertSerialNumber(serialNumber)
    return withRetries(() => client.createChatSession(serialNumber, { signal, maxRetries: 0 }), retryDelayMs, maxRetries, signal)
  }

  whole = { ...withMessages(client), createChatSession }
  wholeClients.set(client, whole)
  return whole
}
