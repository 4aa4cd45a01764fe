import { redact } from '../core/redact'

/**
 * A copy of `value` (parsed JSON) with every occurrence of `secret` in its strings, keys included,
 * replaced by `[redacted]`. Working on parsed values catches a key the upstream wrote with JSON escapes.
 *
 * @example
 * scrubSecret({ Message: 'bad key sk-1' }, 'sk-1') // { Message: 'bad key [redacted]' }
 */
export function scrubSecret(value: unknown, secret: string): unknown {
  if (typeof value === 'string') return redact(value, secret)
  if (Array.isArray(value)) return value.map((item) => scrubSecret(item, secret))
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [scrubSecret(key, secret), scrubSecret(item, secret)]))
  return value
}
