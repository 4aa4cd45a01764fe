import type { IncomingCall } from './incoming-call'
import type { ResolvedHandlerOptions } from '../options'
import { refusal, type EnvelopeAnswer } from './refusal'

/** What {@link guarded} gives: the callback's value, or the 500 refusal of a callback that threw. */
export type Guarded<T> = { value: T; failed?: undefined } | { failed: EnvelopeAnswer }

/**
 * Runs a user callback (`authorize`, an allow-list function); a throw is reported to `onError` and becomes a 500
 * refusal saying what the server failed `what` (to do), whose message does not repeat the thrown one: it may hold
 * secrets.
 *
 * @example
 * const verdict = await guarded(options, call, 'check authorization', () => authorize(call.request()))
 * if (verdict.failed) return verdict.failed
 */
export async function guarded<T>(
  options: Pick<ResolvedHandlerOptions, 'report' | 'version'>,
  call: IncomingCall,
  what: string,
  run: () => T | Promise<T>,
): Promise<Guarded<T>> {
  try {
    return { value: await run() }
  } catch (error) {
    options.report('callback', error, call)
    return { failed: refusal(500, `The server failed to ${what}.`, options.version) }
  }
}
