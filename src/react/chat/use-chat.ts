import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useRef } from 'react'
import type { HotTaskError } from '../../core/errors'
import type { ChatReply, ChatSession } from '../../core/types'
import { withMessages } from '../../core/with-messages'
import { useHotTaskContext } from '../use-hottask-client'
import { chatRunner, type ChatCallbacks } from './chat-runner'
import type { ChatMessage, ChatStatus } from './chat-types'
import { EMPTY_CONVERSATION } from './read-conversation'
import { useQueryData } from './use-query-data'

/**
 * Options of {@link useChat}.
 *
 * @example
 * const options: UseChatOptions = { id: 'support', onReply: (reply) => console.log(reply.content) }
 * const chat = useChat('3254a9d0…', options)
 */
export interface UseChatOptions {
  /**
   * Which conversation with this chatbot: components with the same serial number and `id` share one. Default
   * `'default'`. Give each independent conversation on a page its own.
   */
  id?: string
  /**
   * Called when a message of this component fails, a session cannot be made, or text cannot be sent. A callback
   * that throws is reported as an uncaught error (`reportError`) and changes nothing in the conversation.
   */
  onError?: (error: HotTaskError) => void
  /**
   * Called when the chatbot answers a message this component sent, with the answer as it was added to `messages`.
   * One that throws is reported the same way: the answer stays `sent`.
   */
  onReply?: (reply: ChatReply, message: ChatMessage) => void
}

/**
 * What {@link useChat} returns.
 *
 * @example
 * const chat: UseChatResult = useChat('3254a9d0…')
 * <button onClick={chat.stop} disabled={chat.status !== 'submitted'}>Stop</button>
 */
export interface UseChatResult {
  /** The conversation, oldest first: the visitor's messages and the chatbot's answers. */
  messages: ChatMessage[]
  /**
   * Adds the visitor's `text` at once (`sending`) and sends it when its turn comes (one message at a time, in
   * order); the first message creates the session. Resolves when it is answered or has failed; never rejects:
   * a failure lands on the message and in `error`. Text that cannot be sent (blank, too long) is not added, and
   * `error` says why.
   */
  sendMessage: (text: string) => Promise<void>
  /** `submitted` while a message is `sending`, `error` after a failure, else `ready`. */
  status: ChatStatus
  /** The last failure: of the session, of a message, or of text that cannot be sent. */
  error: HotTaskError | undefined
  /** The session the conversation's messages go to, once the first message has created it. */
  session: ChatSession | undefined
  /** Sends a failed visitor message again, as the newest message (default: the last failed one). Never rejects. */
  retry: (id?: string) => Promise<void>
  /** Aborts the message being sent (it becomes `failed`, kind `aborted`), and fails those waiting their turn. */
  stop: () => void
  /** Clears `error` (the failed messages keep theirs). */
  clearError: () => void
  /** Forgets the conversation: no messages, no session; the next message starts a new session. */
  reset: () => void
}

/**
 * A conversation with the chatbot `serialNumber`: its messages, a `sendMessage` that shows the visitor's message at
 * once, and the conversation's `status`. The session is created by the first message (nothing is spent for a
 * visitor who never writes). Messages are sent one at a time in order; a message is never sent twice by itself
 * (HotTask spends credits and answers each one): the visitor decides with `retry`. The conversation lives in the
 * react-query cache under `['hottask', 'chat', serialNumber, id]`, so it is shared by components, survives the
 * widget unmounting, and a react-query persister can keep it across reloads.
 *
 * @example
 * const chat = useChat('3254a9d0…')
 * chat.messages.map((message) => <p key={message.id}>{message.content}</p>)
 * <button onClick={() => chat.sendMessage(text)} disabled={chat.status === 'submitted'}>Send</button>
 */
export function useChat(serialNumber: string, options: UseChatOptions = {}): UseChatResult {
  const context = useHotTaskContext('useChat')
  const { queryClient } = context
  const client = withMessages(context.client)
  const runner = chatRunner(queryClient, serialNumber, options.id ?? 'default')
  // The callbacks and client of the latest render, for the messages sent from then on. (Its first value is set
  // again by the effect before any event can send.)
  // Stryker disable next-line ObjectLiteral: see above
  const latest = useRef({ client, callbacks: options as ChatCallbacks })
  useEffect(() => {
    latest.current = { client, callbacks: options }
  })

  // Makes the conversation's query with its options (kept while the QueryClient lives, a refetch keeps what is
  // there) and observes it, as the devtools show. Its result is not read: it never asks for a render.
  useQuery(
    {
      queryKey: runner.key,
      // Never asked to load (the data is never stale), but a refetch (invalidateQueries()) keeps what is there.
      queryFn: () => runner.read(),
      initialData: EMPTY_CONVERSATION,
      // Older than anything a persister restores, which therefore wins. Not 0: on react-query 5.0 an observer of
      // data dated 0 does not see a later setQueryData (the lowest-version CI run tests this).
      initialDataUpdatedAt: 1,
      staleTime: Infinity,
      // Kept while the QueryClient lives, not five minutes after the last component unmounted.
      gcTime: Infinity,
      notifyOnChangeProps: [],
    },
    queryClient,
  )
  // Read from the cache itself: what sendMessage, retry, stop, reset and clearError change at once is in the render
  // that ends the event that called them, not a macrotask later (react-query tells observers on its own schedule).
  const data = useQueryData(queryClient, runner.key, EMPTY_CONVERSATION)
  const conversation = useMemo(() => runner.read(data), [runner, data])

  // Stable while the conversation is the same; a message goes with the latest render's client and callbacks.
  const send = useMemo(
    () => ({
      sendMessage: (text: string) => runner.send(text, latest.current.client, latest.current.callbacks),
      retry: (id?: string) => runner.retry(id, latest.current.client, latest.current.callbacks),
    }),
    [runner],
  )

  return useMemo(() => {
    const { messages, error, session } = conversation
    const status: ChatStatus = messages.some((message) => message.status === 'sending') ? 'submitted' : error ? 'error' : 'ready'
    return { messages, status, error, session, ...send, stop: runner.stop, clearError: runner.clearError, reset: runner.reset }
  }, [conversation, send, runner])
}
