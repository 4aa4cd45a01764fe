import type { IncomingMessage, ServerResponse } from 'node:http'
import { toNodeHandler, type HotTaskHandler } from '../../src/server'
import { serveUntilClosed } from './loopback'

/** A promise and the function that resolves it, for a test that says when something happens. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

/**
 * `handler` under toNodeHandler on loopback, after `before` (a stand-in for middleware) has had the request;
 * its `close` is added to `stops`.
 */
export async function serveFetchHandler(
  handler: HotTaskHandler,
  stops: Array<() => Promise<void>>,
  before?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void,
) {
  const listener = toNodeHandler(handler)
  return serveUntilClosed(stops, (req, res) => (before ? before(req, res, () => listener(req, res)) : listener(req, res)))
}
