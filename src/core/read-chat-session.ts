import { sessionIdOf } from './envelope'
import { HotTaskError } from './errors'
import type { HotTaskReply } from './post-to-hottask'
import { readSuccessEnvelope } from './read-envelope'
import { textOf } from './server-text'
import type { ChatSession } from './types'

/**
 * Turns a "Create Chat Session" reply into a {@link ChatSession}, or throws the {@link HotTaskError} that
 * says what is wrong with it (see {@link readSuccessEnvelope}); a success without a numeric `SessionID` is
 * `invalid-response`. A `Data.SessionToken` (added by react-hottask's proxy) is kept as `sessionToken`.
 */
export function readChatSession(reply: HotTaskReply, serialNumber: string, secret?: string): ChatSession {
  const { envelope, facts } = readSuccessEnvelope(reply, 'create a chat session', secret)
  const sessionId = sessionIdOf(envelope)
  if (sessionId === undefined) throw new HotTaskError('invalid-response', 'HotTask reported success without a numeric Data.SessionID.', facts)
  const session: ChatSession = { sessionId, serialNumber, version: textOf(envelope.Version) }
  // Written by react-hottask's own proxy, so by this exact name.
  const sessionToken = (envelope.Data as { SessionToken?: unknown }).SessionToken
  if (typeof sessionToken === 'string' && sessionToken !== '') session.sessionToken = sessionToken
  return session
}
