import type { StoreErrorReporter } from './store-errors'

/** The part of an event emitter (node-redis and ioredis clients are Node `EventEmitter`s) that this file uses. */
interface ErrorEmitter {
  on(event: 'error', listener: (error: unknown) => void): unknown
  listenerCount(event: 'error'): number
}

const isErrorEmitter = (client: object): client is ErrorEmitter =>
  typeof (client as Partial<ErrorEmitter>).on === 'function' && typeof (client as Partial<ErrorEmitter>).listenerCount === 'function'

/**
 * Makes sure `client`'s `'error'` events are never unhandled: an event emitter with no `'error'` listener would
 * end the process on its first one (node-redis emits one each time the connection drops or a reconnect fails),
 * so where there is none, this adds one that passes them to `report`. A listener the user adds later takes over:
 * ours then stays quiet, so an error is not told twice. A client that already has a listener is left alone.
 * Returns whether it added one.
 *
 * @example
 * reportClientErrors(redis, (error) => onError(error, request))
 */
export function reportClientErrors(client: object, report: StoreErrorReporter): boolean {
  if (!isErrorEmitter(client) || client.listenerCount('error') > 0) return false
  client.on('error', (error) => {
    if (client.listenerCount('error') === 1) report(error)
  })
  return true
}
