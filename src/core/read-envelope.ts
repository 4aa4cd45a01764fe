import { isSuccessEnvelope, parseEnvelope, type HotTaskEnvelope } from './envelope'
import { HotTaskError, type HotTaskErrorDetails } from './errors'
import type { HotTaskReply } from './post-to-hottask'
import { redact } from './redact'
import { retryAfterMs } from './retry-after'
import { serverText } from './server-text'

/** A success envelope, with the facts an error about its `Data` carries (status, `Code`, the key to scrub). */
export interface SuccessEnvelope {
  envelope: HotTaskEnvelope
  facts: Pick<HotTaskErrorDetails, 'status' | 'code' | 'secret'>
}

/**
 * The envelope of a successful reply, or the {@link HotTaskError} that says what is wrong with the reply: `http`
 * for a non-2xx status, `invalid-response` for anything that is not the envelope, `api` for a failure inside it
 * (`failed` says what HotTask did not do: "create a chat session"). `secret` (the API key) is scrubbed from every
 * message, even where the server echoed it; `code` is set only from a finite number, since a server may put
 * anything (the key, an object) in `Code`.
 */
export function readSuccessEnvelope({ response, text }: HotTaskReply, failed: string, secret?: string): SuccessEnvelope {
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
      `HotTask did not ${failed}: ${serverText(envelope.Message, secret) || 'no message'}${code === undefined ? '' : ` (Code ${code})`}.`,
      facts,
    )
  return { envelope, facts }
}
