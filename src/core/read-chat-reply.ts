import { dataField, finiteOrUndefined } from './data-field'
import { HotTaskError } from './errors'
import type { HotTaskReply } from './post-to-hottask'
import { readSuccessEnvelope } from './read-envelope'
import { textOf } from './server-text'
import type { ChatReply } from './types'

/**
 * Turns a "Message a Chatbot" reply into a {@link ChatReply}, or throws the {@link HotTaskError} that says what
 * is wrong with it (see {@link readSuccessEnvelope}). `Data`'s field names are read without regard to case; a
 * success without a string `content` is `invalid-response`, a missing `messageid` or `totalToken` is `undefined`.
 */
export function readChatReply(reply: HotTaskReply, secret?: string): ChatReply {
  const { envelope, facts } = readSuccessEnvelope(reply, 'answer the message', secret)
  const content = dataField(envelope.Data, 'content')
  if (typeof content !== 'string') throw new HotTaskError('invalid-response', 'HotTask reported success without a string Data.content.', facts)
  const chatReply: ChatReply = { content, version: textOf(envelope.Version) }
  const messageId = finiteOrUndefined(dataField(envelope.Data, 'messageid'))
  const totalTokens = finiteOrUndefined(dataField(envelope.Data, 'totalToken'))
  if (messageId !== undefined) chatReply.messageId = messageId
  if (totalTokens !== undefined) chatReply.totalTokens = totalTokens
  return chatReply
}
