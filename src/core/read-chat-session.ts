import { isSuccessEnvelope, parseEnvelope, sessionIdOf } from './envelope'
import { HotTaskError } from './errors'
import { redact } from './redact'
import { retryAfterMs } from './retry-after'
import { serverText, textOf } from './server-text'
import type { ChatSession } from './types'

/**
 * Turns a "Create Chat Session" reply into a {@link ChatSession}, or throws the {@link HotTaskError} that
 * says what is wrong with it: `http` for a non-2xx status, `api` for a failure inside the envelope,
 * `invalid-response` for anything that is not the envelope or lacks a numeric `SessionID`.
 * `secret` (the API key) is scrubbed from every message, even where the server echoed it; `code` is set
 * only from a finite number, since a server may put anything (the key, an object) in `Code`.
 */
export function readChatSession(response: Response, text: string, serialNumber: string, secret?: string): ChatSession {
  const { status } = response
  const envelope = parseEnvelope(text)
  const code = Number.isFinite(envelope?.Code) ? envelope!.Code : undefined
  const facts = { status, code, secret }
  if (!response.ok) {
    const detail = serverText(envelope?.Message, secret) || serverText(response.statusText, secret)
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
    throw new HotTaskError(
      'api',
      `HotTask did not create a chat session: ${serverText(envelope.Message, secret) || 'no message'}${code === undefined ? '' : ` (Code ${code})`}.`,
      facts,
    )
  const sessionId = sessionIdOf(envelope)
  if (sessionId === undefined) throw new HotTaskError('invalid-response', 'HotTask reported success without a numeric Data.SessionID.', facts)
  return { sessionId, serialNumber, version: textOf(envelope.Version) }
}
