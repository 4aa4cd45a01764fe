import { messageContentProblem } from '../../core/message-content'
import { isSessionId } from '../../core/session-ref'
import { fieldOf, type JsonObject } from '../checks/json-body'

/** A message a visitor sent, as the handler forwards it (its token is checked apart). */
export interface VisitorMessage {
  sessionId: number
  content: string
  /** The body's `sessionToken`, any value: {@link checkSessionToken} says whether it is one. */
  sessionToken: unknown
}

/** What {@link readMessageBody} found: the message, or why the body is not one the handler forwards (a 400). */
export type MessageBodyCheck = { message: VisitorMessage; problem?: undefined } | { problem: string }

/** A body's value as a refusal names it: a short quote of a string, a number or boolean as it is, else its kind. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  if (value === undefined) return 'nothing'
  return Array.isArray(value) ? 'an array' : 'an object'
}

const NOT_FORWARDED = 'Media and streaming are not forwarded'

/**
 * The message in a "Message a Chatbot" body (a JSON object), or why it cannot be forwarded: `sessionID` a positive
 * whole number (a string is refused), `content` by core's rule for messages with at most `maxLength` characters,
 * and nothing of media or streaming: `chatAskType` absent, null or `"Text"`, `stream` absent or `false`, `fileIds`
 * absent, null or `[]` (file ids name files of the whole account, not of this visitor). Other fields are ignored:
 * the handler builds the upstream body itself.
 *
 * @example
 * readMessageBody({ sessionID: 7, content: 'Hi', sessionToken: 'v1.…' }, 4000) // { message: { sessionId: 7, … } }
 */
export function readMessageBody(body: JsonObject, maxLength: number): MessageBodyCheck {
  const sessionId = fieldOf(body, 'sessionID')
  if (!isSessionId(sessionId)) return { problem: `Invalid sessionID: expected a positive whole number, got ${shown(sessionId)}.` }
  const content = fieldOf(body, 'content')
  const problem = messageContentProblem(content, maxLength)
  if (problem !== undefined || typeof content !== 'string') return { problem: `Invalid message: ${problem}.` }
  const chatAskType = fieldOf(body, 'chatAskType')
  if (chatAskType !== undefined && chatAskType !== null && chatAskType !== 'Text')
    return { problem: `${NOT_FORWARDED}: chatAskType must be "Text" or left out, got ${shown(chatAskType)}.` }
  const stream = fieldOf(body, 'stream')
  if (stream !== undefined && stream !== false) return { problem: `${NOT_FORWARDED}: stream must be false or left out, got ${shown(stream)}.` }
  const fileIds = fieldOf(body, 'fileIds')
  if (fileIds !== undefined && fileIds !== null && !(Array.isArray(fileIds) && fileIds.length === 0))
    return { problem: `${NOT_FORWARDED}: fileIds must be empty or left out.` }
  return { message: { sessionId, content, sessionToken: fieldOf(body, 'sessionToken') } }
}
