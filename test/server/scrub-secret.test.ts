import { MAX_ENVELOPE_DEPTH, NESTED_TOO_DEEPLY, relayableJson, scrubSecret } from '../../src/server/relay/scrub-secret'
import { describe, expect, it } from 'vitest'

const KEY = 'sk-live-secret-123'

/** `levels` nested arrays around `inner`, as JSON.parse gives them from '[[[…]]]'. */
const nested = (levels: number, inner: unknown = []) => JSON.parse('['.repeat(levels) + JSON.stringify(inner) + ']'.repeat(levels)) as unknown

describe('scrubSecret', () => {
  it('redacts the key in strings and keys at any depth up to the bound', () => {
    expect(scrubSecret({ Message: `bad ${KEY}`, Data: { [KEY]: [KEY, 1, null, true] } }, KEY)).toEqual({
      Message: 'bad [redacted]',
      Data: { '[redacted]': ['[redacted]', 1, null, true] },
    })
    expect(JSON.stringify(scrubSecret(nested(MAX_ENVELOPE_DEPTH - 2, KEY), KEY))).toBe(JSON.stringify(nested(MAX_ENVELOPE_DEPTH - 2, '[redacted]')))
  })

  it('answers NESTED_TOO_DEEPLY for 100,000 levels of [ (JSON.parse reads them; a recursive scrub threw RangeError)', () => {
    const deep = nested(100_000)
    expect(() => scrubSecret(deep, KEY)).not.toThrow()
    expect(scrubSecret(deep, KEY)).toBe(NESTED_TOO_DEEPLY)
  })

  it(`goes through ${MAX_ENVELOPE_DEPTH} levels of arrays or objects, and answers NESTED_TOO_DEEPLY at one more`, () => {
    expect(scrubSecret(nested(MAX_ENVELOPE_DEPTH - 1), KEY)).toEqual(nested(MAX_ENVELOPE_DEPTH - 1))
    expect(scrubSecret(nested(MAX_ENVELOPE_DEPTH), KEY)).toBe(NESTED_TOO_DEEPLY)
    const objects = (levels: number) => {
      let object: unknown = {}
      for (let i = 1; i < levels; i++) object = { Data: object }
      return object
    }
    expect(scrubSecret(objects(MAX_ENVELOPE_DEPTH), KEY)).toEqual(objects(MAX_ENVELOPE_DEPTH))
    expect(scrubSecret(objects(MAX_ENVELOPE_DEPTH + 1), KEY)).toBe(NESTED_TOO_DEEPLY)
  })

  it('leaves numbers, booleans and null as they are', () => {
    for (const value of [0, 1.5, true, false, null]) expect(scrubSecret(value, KEY)).toBe(value)
  })
})

describe('relayableJson', () => {
  const relayed = (text: string) => relayableJson(JSON.parse(text), KEY, text)

  it("relays HotTask's text as it wrote it when it cannot hold the key", () => {
    const text = '{ "Data": {"SessionID": 12345678901234567890}, "Version": "1.0.0", "Success": true, "Code": 200, "Message": "" }'
    expect(relayed(text)).toBe(text)
  })

  it('writes a scrubbed copy when the text holds the key, or could hide it in an escape', () => {
    expect(relayed(`{"Success":false,"Message":"bad key ${KEY}"}`)).toBe('{"Success":false,"Message":"bad key [redacted]"}')
    const escaped = `{"Success":false,"Message":"bad key \\u${KEY.charCodeAt(0).toString(16).padStart(4, '0')}${KEY.slice(1)}"}`
    expect(relayed(escaped)).toBe('{"Success":false,"Message":"bad key [redacted]"}')
    expect(relayed('{"Success":false,"Message":"a \\"quote\\""}')).toBe('{"Success":false,"Message":"a \\"quote\\""}')
  })

  it(`relays the text of ${MAX_ENVELOPE_DEPTH} levels of arrays with strings, numbers, booleans and null in the deepest`, () => {
    const text = JSON.stringify({ Success: true, Data: nested(MAX_ENVELOPE_DEPTH - 2, ['x', 1, true, null]) })
    expect(relayed(text)).toBe(text)
  })

  it('writes the JSON of a value given without its text, scrubbed when it holds the key, in a key or an escaped string too', () => {
    expect(relayableJson({ Success: false, Message: `HTTP 401 ${KEY}` }, KEY)).toBe('{"Success":false,"Message":"HTTP 401 [redacted]"}')
    expect(relayableJson({ Success: true, Data: { [KEY]: 1 } }, KEY)).toBe('{"Success":true,"Data":{"[redacted]":1}}')
    expect(relayableJson({ Success: true, Data: { Note: `"${KEY}"\n` } }, KEY)).toBe('{"Success":true,"Data":{"Note":"\\"[redacted]\\"\\n"}}')
  })

  it('writes the JSON of a value given without its text as JSON.stringify does when it cannot hold the key', () => {
    const value = { Data: { SessionID: 7, SessionToken: 'v1.abc' }, Version: '1.0.0', Success: true, Code: 200, Message: '', __proto__: null }
    expect(relayableJson(value, KEY)).toBe(JSON.stringify(value))
  })

  it(`answers NESTED_TOO_DEEPLY for a value given without its text nested past ${MAX_ENVELOPE_DEPTH} levels, even too deep for JSON.stringify`, () => {
    expect(relayableJson({ Success: true, Data: nested(MAX_ENVELOPE_DEPTH, 0) }, KEY)).toBe(NESTED_TOO_DEEPLY)
    expect(relayableJson({ Success: true, Data: nested(100_000, 0) }, KEY)).toBe(NESTED_TOO_DEEPLY)
  })

  it(`answers NESTED_TOO_DEEPLY past ${MAX_ENVELOPE_DEPTH} levels, with or without the key in the text`, () => {
    const text = (levels: number, inner: string) => '['.repeat(levels) + inner + ']'.repeat(levels)
    expect(relayed(text(MAX_ENVELOPE_DEPTH, '0'))).toBe(text(MAX_ENVELOPE_DEPTH, '0'))
    expect(relayed(text(MAX_ENVELOPE_DEPTH + 1, '0'))).toBe(NESTED_TOO_DEEPLY)
    expect(relayed(text(100_000, '0'))).toBe(NESTED_TOO_DEEPLY)
    expect(relayed(text(MAX_ENVELOPE_DEPTH + 1, `"${KEY}"`))).toBe(NESTED_TOO_DEEPLY)
    expect(relayed(`{"Data":${text(MAX_ENVELOPE_DEPTH, '0')}}`)).toBe(NESTED_TOO_DEEPLY)
  })
})
