import { useMutation, type UseMutationOptions, type UseMutationResult } from '@tanstack/react-query'
import type { HotTaskError } from '../core/errors'
import type { ChatSession } from '../core/types'
import { chatSessionMutationOptions } from './chat-session-mutation-options'
import { useHotTaskContext } from './use-hottask-client'
import { withOptions } from './with-options'

/**
 * Options of {@link useChatSession}: react-query's `useMutation` options, less `mutationFn` and `mutationKey`.
 *
 * @example
 * const options: UseChatSessionOptions = { retry: false, onSuccess: (session) => console.log(session.sessionId) }
 * const chat = useChatSession('3254a9d0…', options)
 */
export type UseChatSessionOptions = Omit<UseMutationOptions<ChatSession, HotTaskError, void>, 'mutationFn' | 'mutationKey'>

/**
 * What {@link useChatSession} returns: react-query's mutation result.
 *
 * @example
 * const chat: UseChatSessionResult = useChatSession('3254a9d0…')
 * if (chat.isError) console.warn(chat.error.kind, chat.failureCount)
 */
export type UseChatSessionResult = UseMutationResult<ChatSession, HotTaskError, void>

/**
 * Creates a chat session for the chatbot `serialNumber` when you call `mutate()`. A react-query mutation:
 * `isPending`, `data.sessionId`, `error.kind`, and live `failureCount` while retrying. Concurrent calls
 * under one provider (a double click, a StrictMode double effect) share one request. Options override
 * the defaults, e.g. `{ retry: false }` for a single attempt.
 *
 * @example
 * const chat = useChatSession('3254a9d0…')
 * <button onClick={() => chat.mutate()} disabled={chat.isPending}>Start chat</button>
 */
export function useChatSession(serialNumber: string, options?: UseChatSessionOptions): UseChatSessionResult {
  const { client, queryClient } = useHotTaskContext('useChatSession')
  const defaults = chatSessionMutationOptions(client, serialNumber)
  return useMutation(withOptions(defaults, options), queryClient)
}
