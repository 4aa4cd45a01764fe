import { isSuccessEnvelope, parseEnvelope, sessionIdOf } from './envelope'
import { HotTaskError } from './errors'
import { retryAfterMs } from './retry-after'
import type { ChatSession } from './types'

/**
 * Turns a "Create Chat Session" reply into a {@link ChatSession}, or throws the {@link HotTaskError} that
 * says what is wrong with it: `http` for a non-2xx status, `api` for a failure inside the envelope,
 * `invalid-response` for anything that is not the envelope or lacks a numeric `SessionID`.
 * `secret` (the API key) is scrubbed from every message, even where the server echoed it.
 */
export function readChatSession(response: Response, text: string, serialNumber: string, secret?: string): ChatSession {
  const { status } = response
  const envelope = parseEnvelope(text)
  const code = envelope?.Code
  if (!response.ok) {
    const detail = envelope?.Message || response.statusText
    throw new HotTaskError('http', `HotTask replied with HTTP ${status}${detail ? `: ${detail}` : ''}.`, {
      status,
      code,
      retryAfterMs: retryAfterMs(response.headers),
      secret,
    })
  }
  if (!envelope) {
    const body = text.trim() ? `a body that is not the API's JSON envelope: ${JSON.stringify(text.slice(0, 80))}` : 'an empty body'
    throw new HotTaskError('invalid-response', `HotTask replied (HTTP ${status}) with ${body}.`, { status, secret })
  }
  if (!isSuccessEnvelope(envelope))
    throw new HotTaskError('api', `HotTask did not create a chat session: ${envelope.Message || 'no message'} (Code ${code}).`, {
      status,
      code,
      secret,
    })
  const sessionId = sessionIdOf(envelope)
  if (sessionId === undefined)
    throw new HotTaskError('invalid-response', 'HotTask reported success without a numeric Data.SessionID.', { status, code })
  return { sessionId, serialNumber, version: String(envelope.Version ?? '') }
}
