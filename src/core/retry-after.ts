/**
 * How long a reply asks the client to wait, in milliseconds: `retry-after-ms` first, then `Retry-After`
 * as seconds or as an HTTP date. `undefined` when neither header is there or readable as a finite wait.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  // Headers hold their values trimmed; an empty one counts as missing.
  const ms = Number(headers.get('retry-after-ms') || Number.NaN)
  if (Number.isFinite(ms)) return Math.max(0, ms)
  const value = headers.get('retry-after')
  // Stryker disable next-line ConditionalExpression: a shortcut only: no value (nor "null") is digits or starts like a date
  if (!value) return undefined
  if (/^\d+(\.\d+)?$/.test(value)) {
    // Digits only, but 400 of them still make Infinity, and 307 do once in milliseconds.
    const waitMs = +value * 1000
    return Number.isFinite(waitMs) ? waitMs : undefined
  }
  // An HTTP date starts with the day's name; Date.parse would also take "-1" or "2026".
  const date = /^[a-z]/i.test(value) ? Date.parse(value) : Number.NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
