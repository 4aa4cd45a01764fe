import { isSuccessEnvelope, parseEnvelope, sessionIdOf } from './envelope'
import { HotTaskError } from './errors'
import { redact } from './redact'
import { retryAfterMs } from './retry-after'
import type { ChatSession } from './types'

/** The server's text without its closing full stop, since ours follows it. */
const withoutStop = (text: unknown) => String(text ?? '').replace(/[.\s]+$/, '')

/**
 * Turns a "Create Chat Session" reply into a {@link ChatSession}, or throws the {@link HotTaskError} that
 * says what is wrong with it: `http` for a non-2xx status, `api` for a failure inside the envelope,
 * `invalid-response` for anything that is not the envelope or lacks a numeric `SessionID`.
 * `secret` (the API key) is scrubbed from every message, even where the server echoed it.
 */
export function readChatSession(response: Response, text: string, serialNumber: string, secret?: string): ChatSession {
  const { status } = response
  const envelope = parseEnvelope(text)
  const facts = { status, code: envelope?.Code, secret }
  if (!response.ok) {
    const detail = withoutStop(envelope?.Message || response.statusText)
    throw new HotTaskError('http', `HotTask replied with HTTP ${status}${detail ? `: ${detail}` : ''}.`, {
      ...facts,
      retryAfterMs: retryAfterMs(response.headers),
    })
  }
  if (!envelope)
    throw new HotTaskError(
      'invalid-response',
      `HotTask replied (HTTP ${status}) with something other than its JSON envelope: ${JSON.stringify((secret ? redact(text, secret) : text).slice(0, 80))}.`,
      facts,
    )
  if (!isSuccessEnvelope(envelope))
    throw new HotTaskError('api', `HotTask did not create a chat session: ${withoutStop(envelope.Message) || 'no message'} (Code ${facts.code}).`, facts)
  const sessionId = sessionIdOf(envelope)
  if (sessionId === undefined) throw new HotTaskError('invalid-response', 'HotTask reported success without a numeric Data.SessionID.', facts)
  return { sessionId, serialNumber, version: String(envelope.Version ?? '') }
}
