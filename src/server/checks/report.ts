import type { ResolvedHandlerOptions } from '../options'
import type { IncomingCall } from './incoming-call'

/**
 * Tells `onError` about `error`, unless the visitor has gone: a visitor who left is not an error, and
 * skipping it spares the Node path building a `Request` for nobody.
 *
 * @example
 * report(options, call, error)
 */
export function report({ onError }: Pick<ResolvedHandlerOptions, 'onError'>, call: IncomingCall, error: unknown): void {
  if (!call.isGone()) onError(error, call.request())
}
