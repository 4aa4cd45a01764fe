import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { withoutSecret } from '../../src/core/redact'

const KEY = 'sk-live-secret-123'

describe('withoutSecret', () => {
  it('returns the value itself when it holds no key', () => {
    const value = { a: [1, 'two', { three: new Error('four', { cause: 'five' }) }], map: new Map([['k', 'v']]) }
    expect(withoutSecret(value, KEY)).toBe(value)
    for (const primitive of [undefined, null, 3, true, 10n, 'text']) expect(withoutSecret(primitive, KEY)).toBe(primitive)
  })

  it('redacts a string', () => {
    expect(withoutSecret(`a ${KEY} b ${KEY}`, KEY)).toBe('a [redacted] b [redacted]')
  })

  it('copies a value that holds the key, and leaves the original untouched', () => {
    const value = { clean: { ok: true }, dirty: { authorization: KEY }, list: ['x', KEY] }
    const copy = withoutSecret(value, KEY) as typeof value
    expect(copy).toEqual({ clean: { ok: true }, dirty: { authorization: '[redacted]' }, list: ['x', '[redacted]'] })
    expect(value.dirty.authorization).toBe(KEY)
  })

  it('redacts object keys', () => {
    expect(withoutSecret({ [KEY]: 1 }, KEY)).toEqual({ '[redacted]': 1 })
  })

  it("copies an Error as an Error with the original's name, and its non-enumerable message, stack, cause and errors", () => {
    const error = new AggregateError([new RangeError(KEY)], `all ${KEY}`, { cause: new TypeError(KEY) })
    const copy = withoutSecret(error, KEY) as AggregateError
    expect(copy).toBeInstanceOf(Error)
    expect(copy.name).toBe('AggregateError')
    expect(copy.message).toBe('all [redacted]')
    expect(copy.stack).toMatch(/^AggregateError: all \[redacted\]\n/)
    expect(copy.errors[0]).toMatchObject({ name: 'RangeError', message: '[redacted]' })
    expect(copy.cause).toMatchObject({ name: 'TypeError', message: '[redacted]' })
    expect(Object.keys(copy)).toEqual([])
    expect(inspect(copy, { depth: Infinity })).not.toContain(KEY)
  })

  it('redacts the items of a Map, a Set and a Headers, copied as arrays of their items', () => {
    const copy = withoutSecret([new Map([[KEY, KEY]]), new Set([KEY]), new Headers({ authorization: KEY })], KEY)
    expect(copy).toEqual([[['[redacted]', '[redacted]']], ['[redacted]'], [['authorization', '[redacted]']]])
  })

  it('handles cycles: the copy keeps the cycle and loses the key', () => {
    const value: { key: string; self?: unknown } = { key: KEY }
    value.self = value
    const copy = withoutSecret(value, KEY) as typeof value
    expect(copy.key).toBe('[redacted]')
    expect(copy.self).toBe(copy)
  })

  it('replaces what lies more than 32 levels deep with a note, rather than keep it unchecked', () => {
    let deep: unknown = { key: KEY }
    for (let i = 0; i < 100_000; i++) deep = { deep }
    const text = inspect(withoutSecret(deep, KEY), { depth: Infinity })
    expect(text).not.toContain(KEY)
    expect(text).toContain('[redacted: not checked]')
  })

  it('checks 32 levels deep exactly: the key at level 32 is redacted, an object at level 33 is a note', () => {
    const nested = (levels: number) => {
      let value: unknown = { key: KEY }
      for (let i = 0; i < levels; i++) value = { deep: value }
      return value
    }
    const innermost = (value: unknown) => {
      while (typeof value === 'object' && value !== null && 'deep' in value) value = value.deep
      return value
    }
    expect(innermost(withoutSecret(nested(32), KEY))).toEqual({ key: '[redacted]' })
    expect(innermost(withoutSecret(nested(33), KEY))).toBe('[redacted: not checked]')
  })

  it('copies 1000 objects at most, counting the outer one', () => {
    const copy = withoutSecret(Array.from({ length: 1_001 }, () => ({ key: KEY })), KEY) as unknown[]
    expect(copy[998]).toEqual({ key: '[redacted]' })
    expect(copy[999]).toBe('[redacted: not checked]')
  })

  it('copies an empty array, Set or Map as an empty array', () => {
    expect(withoutSecret({ key: KEY, list: [], set: new Set(), map: new Map() }, KEY)).toEqual({ key: '[redacted]', list: [], set: [], map: [] })
  })

  it('redacts the stack of an Error whose stack is a getter of its own', () => {
    const error = Object.defineProperty(new Error('failed'), 'stack', { get: () => `Error: failed ${KEY}\n    at send`, configurable: true })
    expect((withoutSecret(error, KEY) as Error).stack).toBe('Error: failed [redacted]\n    at send')
  })

  it('gives a copy whose properties can be changed and deleted, like the original', () => {
    const copy = withoutSecret({ key: KEY, nested: { key: KEY } }, KEY) as { key?: string; nested: { key?: string } }
    copy.nested.key = 'replaced'
    delete copy.key
    expect(copy).toEqual({ nested: { key: 'replaced' } })
  })

  it('replaces what lies past 1000 objects with a note', () => {
    const copy = withoutSecret(Array.from({ length: 5_000 }, () => ({ key: KEY })), KEY) as unknown[]
    expect(JSON.stringify(copy)).not.toContain(KEY)
    expect(copy[0]).toEqual({ key: '[redacted]' })
    expect(copy[4_999]).toBe('[redacted: not checked]')
  })

  it('keeps byte arrays as they are', () => {
    const bytes = new Uint8Array([1, 2, 3])
    expect((withoutSecret({ bytes, key: KEY }, KEY) as { bytes: Uint8Array }).bytes).toBe(bytes)
  })

  it('does not call getters, other than an Error stack', () => {
    let called = false
    const value = Object.defineProperty({ key: KEY }, 'lazy', {
      enumerable: true,
      get: () => {
        called = true
        return 'x'
      },
    })
    withoutSecret(value, KEY)
    expect(called).toBe(false)
  })

  it('is a no-op with an empty secret', () => {
    const value = { a: 'b' }
    expect(withoutSecret(value, '')).toBe(value)
  })
})

describe('withoutSecret on host and exotic values', () => {
  it("copies a DOMException holding the key (whose getters refuse a copy) by its name, message and stack", () => {
    const error = new DOMException(`aborted ${KEY}`, 'AbortError')
    const copy = withoutSecret({ error }, KEY) as { error: Error }
    expect(copy.error).toMatchObject({ name: 'AbortError', message: 'aborted [redacted]' })
    expect(inspect(copy, { depth: Infinity })).not.toContain(KEY)
  })

  it('keeps a DOMException without the key as it is', () => {
    const error = new DOMException('aborted', 'AbortError')
    expect(withoutSecret(error, KEY)).toBe(error)
  })

  it('never throws: a value whose traps throw becomes a note', () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('trap') } })
    expect(withoutSecret(hostile, KEY)).toBe('[redacted: not checked]')
  })
})
