let counter = 0

/**
 * A message id unique in this page and across reloads (a persister keeps old ones): the time, a counter and a
 * random part. Not `crypto.randomUUID()`, which browsers offer only on https pages and localhost.
 *
 * @example
 * newMessageId() // 'mbz3k1x0-1-4fzyo82m'
 */
export function newMessageId(): string {
  return `${Date.now().toString(36)}-${(++counter).toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}
