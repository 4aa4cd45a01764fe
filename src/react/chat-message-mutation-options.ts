import type { MutationOptions } from '@tanstack/react-query'
import type { HotTaskError } from '../core/errors'
import { messageRetryDelayMs, retryWaitMs } from '../core/retry'
import type { ChatReply, ChatSessionRef, HotTaskClient } from '../core/types'

/**
 * The mutation key of {@link chatMessageMutationOptions}: `['hottask', 'message', sessionId]`.
 *
 * @example
 * const key: ChatMessageMutationKey = ['hottask', 'message', session.sessionId]
 * const sending = useIsMutating({ mutationKey: key }) > 0
 */
export type ChatMessageMutationKey = readonly ['hottask', 'message', number | undefined]

/**
 * react-query mutation options that send a message (the mutation's variable, the text) in `session` with
 * `client`, for use with `useMutation` or `useMutationState` directly, in apps that keep their own message list.
 * Each try is one attempt of the client; react-query retries only what says the message was not taken (HTTP 429
 * and 503, honouring `Retry-After`), up to the client's `maxRetries`. A session that is still `undefined` (not
 * created yet) makes the mutation fail with `invalid-input`.
 *
 * @example
 * const client = useHotTaskClient()
 * const send = useMutation({ ...chatMessageMutationOptions(client, session), onSuccess: (reply) => show(reply.content) })
 * send.mutate('Hello!')
 */
export function chatMessageMutationOptions(client: Pick<HotTaskClient, 'sendMessage' | 'maxRetries'>, session: ChatSessionRef | undefined) {
  const { maxRetries } = client
  return {
    /** `['hottask', 'message', sessionId]`: see {@link ChatMessageMutationKey}. */
    mutationKey: ['hottask', 'message', session?.sessionId] as ChatMessageMutationKey,
    /** One attempt of `client.sendMessage` with the mutation's variable, the text: react-query runs the retries. */
    mutationFn: (content: string) => client.sendMessage(session as ChatSessionRef, content, { maxRetries: 0 }),
    /** Only an HTTP 429 or 503 (the message was not taken), at most the client's `maxRetries` times, and no `Retry-After` over 60 s. */
    retry: (failureCount: number, error: HotTaskError) => messageRetryDelayMs(error, failureCount, maxRetries) !== undefined,
    /** The wait before a retry, also when you pass your own `retry`: `Retry-After` (at most 60 s), else backoff with jitter. */
    retryDelay: (failureCount: number, error: HotTaskError) => retryWaitMs(error, failureCount),
  } as const satisfies MutationOptions<ChatReply, HotTaskError, string>
}
