import { withoutSecret } from '../../core/redact'
import type { IncomingCall } from '../checks/incoming-call'
import { clientGone, refusal, type EnvelopeAnswer } from '../checks/refusal'
import type { ResolvedHandlerOptions } from '../options'
import { relayReply, type AddToData } from './relay-reply'
import type { Upstream, UpstreamCall } from './upstream'

/**
 * One call to HotTask: where it goes (`upstream`), with which key, the JSON body the handler built, how long it
 * may take, and what to add to the `Data` of a 2xx envelope (see {@link AddToData}).
 */
export interface Attempt {
  upstream: Upstream
  apiKey: string
  body: string
  timeoutMs: number
  addToData?: AddToData
}

/**
 * Makes the one attempt at a HotTask call, and answers with HotTask's reply (relayed, see {@link relayReply}) or
 * a 502/504 refusal. Never rejects. No call is made for a visitor who has already gone; the attempt is cancelled
 * when the visitor goes (closes the tab) or after `timeoutMs`.
 *
 * @example
 * return await forward(options, call, { upstream, apiKey, body: JSON.stringify({ serialNumber }), timeoutMs: options.timeoutMs })
 */
export async function forward(options: Pick<ResolvedHandlerOptions, 'report' | 'version'>, call: IncomingCall, attempt: Attempt): Promise<EnvelopeAnswer> {
  const { version } = options
  const { upstream, apiKey, body, timeoutMs, addToData } = attempt
  if (call.isGone()) return clientGone(version)
  let sent: UpstreamCall | undefined
  let timedOut = false
  const stopDeadline = call.startDeadline(timeoutMs, () => {
    timedOut = true
    // Stryker disable next-line OptionalChaining: `sent` is set in the same turn as this is registered, before any timer or event can run it
    sent?.cancel()
  })
  // Stryker disable next-line OptionalChaining: as above, the visitor's leaving is an event, which runs after `sent` is set
  const stopListening = call.onGone(() => sent?.cancel())
  let reached = false
  try {
    sent = upstream(apiKey, body)
    const reply = await sent.reply
    reached = true
    const { answer, problem } = await relayReply(reply, apiKey, version, addToData)
    if (problem !== undefined) options.report('upstream-reply', new Error(problem), call)
    return answer
  } catch (error) {
    // An injected fetch may reject with something that carries the request, key included.
    const cause = withoutSecret(error, apiKey)
    if (timedOut) {
      const message = `HotTask did not reply within ${timeoutMs} ms.`
      options.report('upstream-timeout', new Error(`${message} The call was cancelled and its connection closed.`, { cause }), call)
      return refusal(504, message, version)
    }
    if (call.isGone()) return clientGone(version)
    options.report('upstream-connection', cause, call)
    return refusal(502, reached ? "HotTask's reply could not be read or relayed." : 'Could not reach HotTask.', version)
  } finally {
    stopDeadline()
    stopListening()
  }
}
