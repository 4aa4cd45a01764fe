import { MutationObserver, type QueryClient } from '@tanstack/react-query'
import type { SessionClient } from '../../core/session-client'
import type { ChatSession } from '../../core/types'
import { chatSessionMutationOptions } from '../chat-session-mutation-options'

// Per QueryClient and serial number, the end of the last session creation a conversation started.
const lastCreation = new WeakMap<QueryClient, Map<string, Promise<unknown>>>()

/**
 * Creates a session for a conversation through `useChatSession`'s mutation (its key, its retries, visible to
 * `useMutationState` and the devtools). Conversations of one chatbot create theirs one after another: two
 * conversations (two `id`s) starting at once must not share one attempt (the provider's client shares concurrent
 * ones, which is right for a double click but would put both conversations into one session).
 *
 * @example
 * const session = await createConversationSession(queryClient, client, '3254a9d0…')
 */
export function createConversationSession(queryClient: QueryClient, client: SessionClient, serialNumber: string): Promise<ChatSession> {
  let creations = lastCreation.get(queryClient)
  if (!creations) lastCreation.set(queryClient, (creations = new Map()))
  const previous = creations.get(serialNumber) ?? Promise.resolve()
  const created = previous.then(() => new MutationObserver(queryClient, chatSessionMutationOptions(client, serialNumber)).mutate())
  // The last creation's end stays behind, settled: one small promise per chatbot this client has talked to.
  creations.set(serialNumber, created.catch(() => {}))
  return created
}
