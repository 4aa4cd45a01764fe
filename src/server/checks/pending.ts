/**
 * Whether `value` is a promise (or any thenable) still to be awaited, rather than a value already there. The
 * handler's checks are synchronous on Node with the built-in stores and `node:crypto`, and asynchronous with user
 * callbacks, Web Crypto or Redis: awaiting only what is pending saves a turn of the microtask queue per check, and,
 * before the request body is read, lets the body be taken as it arrives instead of a turn later.
 *
 * @example
 * const checking = checkAllowed(options, call, serialNumber)
 * const notAllowed = isPending(checking) ? await checking : checking
 */
export const isPending = <T>(value: T | PromiseLike<T>): value is PromiseLike<T> =>
  (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<T>).then === 'function'
