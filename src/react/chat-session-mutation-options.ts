import type { MutationOptions } from '@tanstack/react-query'
import type { HotTaskError } from '../core/errors'
import { retryDelayMs, retryWaitMs } from '../core/retry'
import type { ChatSession, HotTaskClient } from '../core/types'

/**
 * The mutation key of {@link chatSessionMutationOptions}: `['hottask', 'chat-session', serialNumber]`.
 *
 * @example
 * const key: ChatSessionMutationKey = ['hottask', 'chat-session', '3254a9d0…']
 * const starting = useIsMutating({ mutationKey: key }) > 0
 */
export type ChatSessionMutationKey = readonly ['hottask', 'chat-session', string]

/**
 * react-query mutation options that create a chat session for `serialNumber` with `client`, for use with
 * `useMutation` or `useMutationState` directly. Each try is one attempt of the client; react-query runs the
 * retries with the client's policy (only retryable errors, `Retry-After`, backoff with jitter), so
 * `failureCount` and `failureReason` are live.
 *
 * @example
 * const client = useHotTaskClient()
 * const chat = useMutation({ ...chatSessionMutationOptions(client, serialNumber), onSuccess: open })
 */
export function chatSessionMutationOptions(client: Pick<HotTaskClient, 'createChatSession' | 'maxRetries'>, serialNumber: string) {
  const { maxRetries } = client
  return {
    /** `['hottask', 'chat-session', serialNumber]`: see {@link ChatSessionMutationKey}. */
    mutationKey: ['hottask', 'chat-session', serialNumber] as ChatSessionMutationKey,
    /** One attempt of `client.createChatSession`: react-query runs the retries. */
    mutationFn: () => client.createChatSession(serialNumber, { maxRetries: 0 }),
    /** The client's policy: only `retryable` errors, at most its `maxRetries` times, and no `Retry-After` over 60 s. */
    retry: (failureCount: number, error: HotTaskError) => retryDelayMs(error, failureCount, maxRetries) !== undefined,
    /** The wait before a retry, also when you pass your own `retry`: `Retry-After` (at most 60 s), else backoff with jitter. */
    retryDelay: (failureCount: number, error: HotTaskError) => retryWaitMs(error, failureCount),
  } as const satisfies MutationOptions<ChatSession, HotTaskError, void>
}
