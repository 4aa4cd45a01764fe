import { readBoundedBody } from '../../core/read-bounded-body'
import type { IncomingCall } from '../checks/incoming-call'
import { clientAddress } from '../node/client-address'

// A timer of the request's own: edge runtimes tie a timer to the request that set it, so none is shared.
function startTimer(ms: number, onExpire: () => void): () => void {
  const timer = setTimeout(onExpire, ms)
  return () => clearTimeout(timer)
}

/**
 * A Fetch `Request` (and the handler's `env` argument) as an {@link IncomingCall}.
 *
 * @example
 * const call = fetchCall(request, env)
 */
export function fetchCall(request: Request, env: unknown): IncomingCall {
  return {
    method: request.method,
    pathname: () => new URL(request.url).pathname,
    contentType: () => request.headers.get('content-type'),
    async readBody(limit, deadlineMs) {
      const deadline = new AbortController()
      const stopDeadline = startTimer(deadlineMs, () => deadline.abort())
      try {
        return await readBoundedBody(request, limit, deadline.signal)
      } finally {
        stopDeadline()
      }
    },
    startDeadline: startTimer,
    isGone: () => request.signal?.aborted === true,
    onGone(listener) {
      request.signal?.addEventListener('abort', listener)
      return () => request.signal?.removeEventListener('abort', listener)
    },
    request: () => request,
    address: () => clientAddress(request),
    env,
  }
}
