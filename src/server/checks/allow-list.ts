import type { ResolvedHandlerOptions } from '../options'
import { guarded } from './guarded'
import type { IncomingCall } from './incoming-call'
import { refusal, type EnvelopeAnswer } from './refusal'

type Refusal = EnvelopeAnswer | undefined

const notServed = (version: string) => refusal(403, 'This chatbot is not served here.', version)

/**
 * The allow-list's verdict on `serialNumber` (a session's, or the one a message's token names): `undefined` lets
 * the call go on, anything else answers it: a 403 when the chatbot is not allowed, a 500 when the user's function
 * threw. A list is checked at once, without a `Request`; a function gets the `Request` and may be async, and only
 * its `true` allows.
 *
 * @example
 * const refused = await checkAllowed(options, call, serialNumber)
 * if (refused) return refused
 */
export function checkAllowed(options: ResolvedHandlerOptions, call: IncomingCall, serialNumber: string): Refusal | Promise<Refusal> {
  const { allowed, version } = options
  if (typeof allowed !== 'function') return allowed.has(serialNumber) ? undefined : notServed(version)
  return guarded(options, call, 'check the serial number', () => allowed(serialNumber, call.request())).then((verdict) =>
    verdict.failed ?? (verdict.value === true ? undefined : notServed(version)),
  )
}
