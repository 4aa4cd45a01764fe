import { retryDelayMs } from './retry'
import { assertSerialNumber } from './serial-number'
import type { SessionClient } from './session-client'
import type { ChatSession, CreateChatSessionOptions, HotTaskClient } from './types'
import { withMessages } from './with-messages'
import { withRetries } from './with-retries'

/**
 * A new {@link HotTaskClient} from a session half: `sendMessage` added ({@link withMessages}) and
 * `createChatSession` with the client's retries. Apart from the session half, so that `useChatSession`, whose
 * retries react-query runs, leaves this out.
 *
 * @example
 * const client = completeClient(createSessionClient(resolveConfig(config)))
 */
export function completeClient(client: SessionClient): HotTaskClient {
  async function createChatSession(serialNumber: string, { signal, maxRetries = client.maxRetries }: CreateChatSessionOptions = {}): Promise<ChatSession> {
    assertSerialNumber(serialNumber)
    return withRetries(() => client.createChatSession(serialNumber, { signal }), retryDelayMs, maxRetries, signal)
  }

  return { ...withMessages(client), createChatSession }
}

// One whole client per session half, so `useHotTaskClient` gives the same object on every render.
const wholeClients = new WeakMap<SessionClient, HotTaskClient>()

/**
 * The whole client of a session half ({@link completeClient}), made once per session half: the same object on
 * every call, as the React hooks need.
 *
 * @example
 * const client = wholeClient(useHotTaskContext('useHotTaskClient').client)
 */
export function wholeClient(client: SessionClient): HotTaskClient {
  let whole = wholeClients.get(client)
  if (!whole) wholeClients.set(client, (whole = completeClient(client)))
  return whole
}
