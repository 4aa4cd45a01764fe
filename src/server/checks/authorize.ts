import type { ResolvedHandlerOptions } from '../options'
import { guarded } from './guarded'
import type { IncomingCall } from './incoming-call'
import { refusal, type Answer } from './refusal'

type Refusal = Answer | undefined

/**
 * The `authorize` option's verdict on a call, before its body is read: `undefined` lets it go on (at once when
 * there is no `authorize`), a `Response` the callback returned is the answer, anything but `true` a 401 envelope
 * with `refused` as its message, and a throw a 500.
 *
 * @example
 * const unauthorized = await checkAuthorized(options, call, 'Not authorized to send a message.')
 * if (unauthorized) return unauthorized
 */
export function checkAuthorized(options: ResolvedHandlerOptions, call: IncomingCall, refused: string): Refusal | Promise<Refusal> {
  const { authorize, version } = options
  if (!authorize) return undefined
  return guarded(options, call, 'check authorization', () => authorize(call.request())).then((verdict) => {
    if (verdict.failed) return verdict.failed
    if (verdict.value instanceof Response) return verdict.value
    return verdict.value === true ? undefined : refusal(401, refused, version)
  })
}
