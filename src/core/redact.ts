/** `text` with every occurrence of `secret` (the API key) replaced by `[redacted]`. */
export function redact(text: string, secret: string): string {
  return text.split(secret).join('[redacted]')
}

// How far withoutSecret copies; what lies further is replaced by a note, since it cannot be vouched for.
const MAX_DEPTH = 32
const MAX_OBJECTS = 1000

/**
 * `value` itself when it holds no `secret`, else a copy with each occurrence of `secret` replaced by
 * `[redacted]`, so that `console.log`, `util.inspect` and `JSON.stringify` of the copy cannot show it.
 * It looks through strings, arrays, the own properties of objects and Errors (an Error's `message`,
 * `stack`, `cause` and an AggregateError's `errors` included) and the items of iterables (Map, Set,
 * Headers), cycles included. In the copy an Error stays an Error of its class, an iterable becomes an
 * array of its items and any other object a plain one; what lies more than 32 levels or 1000 objects away
 * is replaced by a note (so a value that large is copied even without the key). Getters other than an
 * Error's `stack` are not called, and private state (of a `URL`, a `Request`) is not seen.
 *
 * @example
 * withoutSecret(new Error('bad key sk-1', { cause: { headers: { authorization: 'sk-1' } } }), 'sk-1')
 * // Error: bad key [redacted] { [cause]: { headers: { authorization: '[redacted]' } } }
 */
export function withoutSecret(value: unknown, secret: string): unknown {
  const copies = new Map<object, unknown>()
  let changed = false
  const scrub = (part: unknown, depth: number): unknown => {
    if (typeof part === 'string') {
      changed ||= part.includes(secret)
      return redact(part, secret)
    }
    if (typeof part !== 'object' || !part || ArrayBuffer.isView(part)) return part
    if (copies.has(part)) return copies.get(part)
    if (depth > MAX_DEPTH || copies.size >= MAX_OBJECTS) {
      changed = true
      return '[not checked: too deep or too large]'
    }
    const list = Array.isArray(part) || Symbol.iterator in part
    const copy: object = part instanceof Error ? Object.setPrototypeOf(new Error(), Object.getPrototypeOf(part)) : list ? [] : {}
    copies.set(part, copy)
    const entries = list
      ? [...(part as Iterable<unknown>)].entries()
      : Object.getOwnPropertyNames(part).map((key) => [key, key === 'stack' ? (part as Error).stack : Object.getOwnPropertyDescriptor(part, key)!.value])
    for (const [key, item] of entries)
      Object.defineProperty(copy, scrub(key, depth) as PropertyKey, {
        value: scrub(item, depth + 1),
        enumerable: list || Object.prototype.propertyIsEnumerable.call(part, key),
        writable: true,
        configurable: true,
      })
    return copy
  }
  const copy = secret ? scrub(value, 0) : value
  return changed ? copy : value
}
