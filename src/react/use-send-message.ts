import { useMutation, type UseMutationOptions, type UseMutationResult } from '@tanstack/react-query'
import type { HotTaskError } from '../core/errors'
import type { ChatReply, ChatSessionRef } from '../core/types'
import { chatMessageMutationOptions } from './chat-message-mutation-options'
import { withMessages } from '../core/with-messages'
import { useHotTaskContext } from './use-hottask-client'
import { withOptions } from './with-options'

/**
 * Options of {@link useSendMessage}: react-query's `useMutation` options, less `mutationFn` and `mutationKey`.
 *
 * @example
 * const options: UseSendMessageOptions = { retry: false, onSuccess: (reply) => append(reply.content) }
 * const send = useSendMessage(session.data, options)
 */
export type UseSendMessageOptions = Omit<UseMutationOptions<ChatReply, HotTaskError, string>, 'mutationFn' | 'mutationKey'>

/**
 * What {@link useSendMessage} returns: react-query's mutation result; `mutate(text)` sends one message.
 *
 * @example
 * const send: UseSendMessageResult = useSendMessage(session.data)
 * const reply = await send.mutateAsync('Hello!')
 */
export type UseSendMessageResult = UseMutationResult<ChatReply, HotTaskError, string>

/**
 * Sends a message in `session` when you call `mutate(text)`, for apps that keep their own message list (most
 * apps want {@link useChat}). A react-query mutation typed `<ChatReply, HotTaskError, string>`, key
 * `['hottask', 'message', sessionId]`. A message is not idempotent, so only HTTP 429 and 503 are retried; pass
 * `session` from `useChatSession` (`undefined` until it exists: a `mutate` then fails with `invalid-input`).
 *
 * @example
 * const session = useChatSession('3254a9d0…')
 * const send = useSendMessage(session.data, { onSuccess: (reply) => append(reply.content) })
 * <button onClick={() => send.mutate(text)} disabled={!session.data || send.isPending}>Send</button>
 */
export function useSendMessage(session: ChatSessionRef | undefined, options?: UseSendMessageOptions): UseSendMessageResult {
  const { client, queryClient } = useHotTaskContext('useSendMessage')
  const defaults = chatMessageMutationOptions(withMessages(client), session)
  return useMutation(withOptions(defaults, options), queryClient)
}
