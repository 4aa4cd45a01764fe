import { redact } from '../../core/redact'

/**
 * How many levels of arrays and objects {@link scrubSecret} goes through. HotTask's envelope is two levels
 * deep; `JSON.parse` accepts any depth, but `JSON.stringify` overflows the stack at a few thousand.
 */
export const MAX_ENVELOPE_DEPTH = 64

/**
 * What {@link scrubSecret} returns for a value nested deeper than {@link MAX_ENVELOPE_DEPTH}: nothing of it
 * can be relayed, and the caller says so rather than reporting an unreachable upstream.
 *
 * @example
 * if (scrubSecret(envelope, apiKey) === NESTED_TOO_DEEPLY) return refusal(502, 'HotTask replied with an envelope nested too deeply.', version)
 */
export const NESTED_TOO_DEEPLY: unique symbol = Symbol('react-hottask.nested-too-deeply')

/**
 * A copy of `value` (parsed JSON) with every occurrence of `secret` in its strings, keys included,
 * replaced by `[redacted]`. Working on parsed values catches a key the upstream wrote with JSON escapes.
 * A value nested deeper than {@link MAX_ENVELOPE_DEPTH} gives {@link NESTED_TOO_DEEPLY}, never a stack overflow.
 *
 * @example
 * scrubSecret({ Message: 'bad key sk-1' }, 'sk-1') // { Message: 'bad key [redacted]' }
 */
export function scrubSecret(value: unknown, secret: string): unknown {
  let tooDeep = false
  const scrub = (part: unknown, depth: number): unknown => {
    if (typeof part === 'string') return redact(part, secret)
    if (typeof part !== 'object' || part === null || tooDeep) return part
    if (depth >= MAX_ENVELOPE_DEPTH) {
      tooDeep = true
      return undefined
    }
    if (Array.isArray(part)) return part.map((item) => scrub(item, depth + 1))
    // Without a prototype, a key "__proto__" (JSON.parse makes it an own key) stays a plain key of the copy.
    const copy: Record<string, unknown> = Object.create(null)
    for (const key of Object.keys(part)) copy[redact(key, secret)] = scrub((part as Record<string, unknown>)[key], depth + 1)
    return copy
  }
  const scrubbed = scrub(value, 0)
  return tooDeep ? NESTED_TOO_DEEPLY : scrubbed
}

// Whether `value` has arrays or objects more than MAX_ENVELOPE_DEPTH levels deep; it looks no further than that.
function nestedTooDeeply(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return false
  if (depth >= MAX_ENVELOPE_DEPTH) return true
  for (const key in value) if (nestedTooDeeply((value as Record<string, unknown>)[key], depth + 1)) return true
  return false
}

// Whether `json` cannot hold the key: it does not contain it, and without a backslash no string in it is escaped,
// so every string of the value it stands for is written in it as it is.
const cannotHoldSecret = (json: string, secret: string) => !json.includes(secret) && !json.includes('\\')

/**
 * The JSON to relay for `value` without `secret`: `json`, the text `value` was parsed from (or else the value's
 * own JSON), as it is when it cannot hold the key (it does not contain it, and without a backslash no string in it
 * is escaped); else the JSON of {@link scrubSecret}'s copy. {@link NESTED_TOO_DEEPLY} for a value nested too
 * deeply, either way.
 *
 * @example
 * relayableJson(envelope, apiKey, text) // text itself for HotTask's usual reply
 */
export function relayableJson(value: unknown, secret: string, json?: string): string | typeof NESTED_TOO_DEEPLY {
  // Checked first: JSON.stringify overflows the stack on a value nested a few thousand levels deep.
  if (nestedTooDeeply(value)) return NESTED_TOO_DEEPLY
  const text = json ?? JSON.stringify(value)
  if (cannotHoldSecret(text, secret)) return text
  const scrubbed = scrubSecret(value, secret)
  return scrubbed === NESTED_TOO_DEEPLY ? scrubbed : JSON.stringify(scrubbed)
}
