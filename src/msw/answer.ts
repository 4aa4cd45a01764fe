import type { ChatReplyData } from '../core/envelope'
import { successReply } from './replies'

/** The `totalToken` of a mocked answer unless told otherwise: the one in HotTask's documented reply. */
export const DOCUMENTED_TOTAL_TOKENS = 4337

/** A mock's `reply` option: a fixed text, or a function of the message's text and what the mock knows. */
export type ReplyOption<TContext> = string | ((content: string, context: TContext) => string | Promise<string>)

/**
 * The text of the chatbot's answer to `content`: `reply`'s, or by default `You said: <content>`.
 *
 * @example
 * await answerText('Hi', { sessionId: 123456 }) // 'You said: Hi'
 */
export async function answerText<TContext>(content: string, context: TContext, reply?: ReplyOption<TContext>): Promise<string> {
  if (reply === undefined) return `You said: ${content}`
  return typeof reply === 'string' ? reply : reply(content, context)
}

/**
 * HTTP 200 with a "Message a Chatbot" success, its `Data` in HotTask's documented casing.
 *
 * @example
 * return answerReply({ messageId: 375561, content: 'Hi!', totalTokens: DOCUMENTED_TOTAL_TOKENS })
 */
export function answerReply({ messageId, content, totalTokens }: { messageId: number; content: string; totalTokens: number }, version?: string): Response {
  return successReply<ChatReplyData>({ messageid: messageId, content, totalToken: totalTokens }, version)
}
