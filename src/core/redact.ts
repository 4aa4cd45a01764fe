/** `text` with every occurrence of `secret` (the API key) replaced by `[redacted]`. */
export function redact(text: string, secret: string): string {
  return text.replaceAll(secret, '[redacted]')
}

// How far withoutSecret copies; what lies further is replaced by NOT_CHECKED, since it cannot be vouched for.
const MAX_DEPTH = 32
const MAX_OBJECTS = 1000
const NOT_CHECKED = '[redacted: not checked]'

/**
 * `value` itself when it holds no `secret`, else a copy with each occurrence of `secret` replaced by
 * `[redacted]`, so that `console.log`, `util.inspect` and `JSON.stringify` of the copy cannot show it.
 * It looks through strings, arrays, the own properties of objects, Errors (`name`, `message`, `stack`,
 * `cause`, an AggregateError's `errors`) and the items of iterables (Map, Set, Headers), cycles included.
 * In the copy an Error is a plain `Error` with the original's `name`, an iterable an array of its items,
 * any other object a plain one; what lies more than 32 levels or 1000 objects away is replaced by a note
 * (so a value that large is copied even without the key). Getters other than an Error's `name`, `message`
 * and `stack` are not called, and private state (of a `URL`, a `Request`) is not seen. Never throws.
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
      return NOT_CHECKED
    }
    const list = Array.isArray(part) || Symbol.iterator in part
    // Not the original's class: a host error (DOMException) would refuse its own getters on a copy.
    const copy = part instanceof Error ? new Error() : list ? [] : {}
    copies.set(part, copy)
    const properties = list
      ? [...(part as Iterable<unknown>)].map((value, index): [string, PropertyDescriptor] => [String(index), { value, enumerable: true }])
      : Object.entries<PropertyDescriptor>({
          ...(part instanceof Error && { name: { value: part.name }, message: { value: part.message }, stack: {} }),
          ...Object.getOwnPropertyDescriptors(part),
        })
    // Getters are not called (a logger does not call them either), except an Error's `stack`, own or inherited,
    // which is why its value is read here and not from a descriptor.
    for (const [key, { value, enumerable }] of properties)
      Object.defineProperty(copy, scrub(key, depth) as string, {
        value: scrub(key === 'stack' ? (part as Error).stack : value, depth + 1),
        enumerable,
        writable: true,
        configurable: true,
      })
    return copy
  }
  try {
    const copy = secret ? scrub(value, 0) : value
    return changed ? copy : value
  } catch {
    // An exotic value (a Proxy whose traps throw) cannot be vouched for.
    return NOT_CHECKED
  }
}
