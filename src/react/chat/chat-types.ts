import type { HotTaskError } from '../../core/errors'
import type { ChatSession } from '../../core/types'

/**
 * Where a message is: `sending` from the moment it is added (while it waits its turn, while the session is made,
 * while HotTask answers), `sent` once HotTask answered it, `failed` when it could not be sent (see its `error`).
 *
 * @example
 * const labels: Record<ChatMessageStatus, string> = { sending: 'Sending…', sent: 'Sent', failed: 'Not sent' }
 * <small>{labels[message.status]}</small>
 */
export type ChatMessageStatus = 'sending' | 'sent' | 'failed'

/**
 * One message of a conversation, the visitor's (`user`) or the chatbot's answer (`assistant`).
 *
 * @example
 * const bubble = (message: ChatMessage) => <p key={message.id} className={message.role}>{message.content}</p>
 * chat.messages.map(bubble)
 */
export interface ChatMessage {
  /** Unique in the conversation, stable across renders (and reloads, with a persister): use it as the React key. */
  id: string
  /** Who wrote it: the visitor (`user`) or the chatbot (`assistant`). */
  role: 'user' | 'assistant'
  /** The message's text. */
  content: string
  /** When it was added (a retried message: when it was sent again), in epoch ms. */
  createdAt: number
  /** An answer is always `sent`. */
  status: ChatMessageStatus
  /** Why a `failed` message could not be sent. */
  error?: HotTaskError
  /** HotTask's id of an answer (`Data.messageid`), when it sent one. */
  messageId?: number
}

/**
 * The conversation as a whole, by the AI SDK's names: `submitted` while any message is `sending`, else `error`
 * while `error` is set, else `ready`. (No `streaming`: HotTask documents no streaming reply.)
 *
 * @example
 * const status: ChatStatus = useChat('3254a9d0…').status
 * <p aria-live="polite">{status === 'submitted' && 'The assistant is typing…'}</p>
 */
export type ChatStatus = 'ready' | 'submitted' | 'error'

/**
 * A conversation as the react-query cache holds it, under `['hottask', 'chat', serialNumber, id]`: what a
 * persister saves and restores.
 *
 * @example
 * const conversation = queryClient.getQueryData<ChatConversation>(['hottask', 'chat', '3254a9d0…', 'default'])
 * const unanswered = conversation?.messages.filter((message) => message.status === 'failed')
 */
export interface ChatConversation {
  /** Its messages, oldest first. */
  messages: ChatMessage[]
  /** The session its messages are sent in, once the first message created it. */
  session?: ChatSession
  /** The last failure (of a session, a message, or text that cannot be sent), until something new is sent. */
  error?: HotTaskError
}

/**
 * The query key of a conversation: `['hottask', 'chat', serialNumber, id]`.
 *
 * @example
 * const key: ChatQueryKey = ['hottask', 'chat', '3254a9d0…', 'support'] // the one of useChat('3254a9d0…', { id: 'support' })
 * const conversation = queryClient.getQueryData<ChatConversation>(key)
 */
export type ChatQueryKey = readonly ['hottask', 'chat', string, string]
