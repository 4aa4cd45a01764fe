/**
 * How long a reply asks the client to wait, in milliseconds: `retry-after-ms` first, then `Retry-After`
 * as seconds or as an HTTP date. `undefined` when neither header is there or readable as a finite wait.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms')
  if (ms && Number.isFinite(+ms)) return Math.max(0, +ms)
  const value = headers.get('retry-after')?.trim()
  if (!value) return undefined
  // Digits only, but 400 of them still make Infinity.
  if (/^\d+(\.\d+)?$/.test(value)) return Number.isFinite(+value * 1000) ? +value * 1000 : undefined
  // An HTTP date starts with the day's name; Date.parse would also take "-1" or "2026".
  const date = /^[a-z]/i.test(value) ? Date.parse(value) : Number.NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
