import { HotTaskError } from '../../core/errors'
import type { ChatConversation, ChatMessage } from './chat-types'
import { reviveError } from './revive-error'

/** The conversation before the first message. */
export const EMPTY_CONVERSATION: ChatConversation = { messages: [] }

/**
 * The error of a message found `sending` that nothing in this page is sending: it was being sent when the page
 * was left (a reload, with a persister). Whether it reached HotTask is unknown, so it is never sent again by
 * itself: the visitor may retry it.
 */
export const interruptedError = () =>
  new HotTaskError('aborted', 'Sending was interrupted (the page was left or reloaded) before HotTask answered. Retry to send it again.')

function readMessage(message: ChatMessage, isSending: (id: string) => boolean): ChatMessage {
  const error = reviveError(message.error)
  if (message.status === 'sending' && !isSending(message.id)) return { ...message, status: 'failed', error: interruptedError() }
  return error === message.error ? message : { ...message, error }
}

/**
 * The conversation in `data` as the hook shows it and the next change starts from: restored errors (plain data
 * after a persister's JSON) made `HotTaskError`s again, a message that is `sending` but not being sent by this page
 * turned `failed` (see {@link interruptedError}) and, when nothing else has failed, made the conversation's `error`;
 * anything that is not a conversation reads as an empty one.
 * The same object when nothing needed changing.
 *
 * @example
 * const conversation = readConversation(queryClient.getQueryData(key), (id) => inFlight.has(id))
 */
export function readConversation(data: unknown, isSending: (id: string) => boolean): ChatConversation {
  const conversation = data as Partial<ChatConversation> | undefined
  if (!Array.isArray(conversation?.messages)) return EMPTY_CONVERSATION
  const messages = conversation.messages.map((message) => readMessage(message, isSending))
  const interrupted = messages.find((message, index) => message.status !== conversation.messages![index]!.status)
  // A message that came back interrupted is the conversation's latest failure, unless it already has one.
  const error = reviveError(conversation.error) ?? interrupted?.error
  const unchanged = error === conversation.error && messages.every((message, index) => message === conversation.messages![index])
  return unchanged ? (conversation as ChatConversation) : { ...conversation, messages, error }
}
