import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { base64urlEncoders, runtimeBase64url } from '../../../src/server/calls/base64url'

const native = base64urlEncoders(Buffer)
const portable = base64urlEncoders(undefined)

describe.each([
  ['on Node\'s Buffer', native],
  ['portable (Workers, the Edge runtime)', portable],
])('base64url for session tokens, %s', (_, { bytesToBase64url, textToBase64url }) => {
  it('writes the RFC 4648 §5 alphabet without padding', () => {
    // 0xfb 0xff is '+/8=' in base64: the two characters base64url replaces, and a pad it drops.
    expect(bytesToBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8')
    expect(textToBase64url('3254a9d0-bench')).toBe('MzI1NGE5ZDAtYmVuY2g')
    expect(textToBase64url('bot-é')).toBe('Ym90LcOp')
    expect(textToBase64url('')).toBe('')
  })

  it('encodes only the bytes of a view, not the rest of its buffer', () => {
    expect(bytesToBase64url(new Uint8Array([1, 2, 0xfb, 0xff, 3]).subarray(2, 4))).toBe('-_8')
  })
})

describe('the two encoders', () => {
  it('give the same text for any bytes and any text', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => native.bytesToBase64url(bytes) === portable.bytesToBase64url(bytes)))
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 64 }), (text) => native.textToBase64url(text) === portable.textToBase64url(text)))
  })

  it('this runtime (Node 20.16+) encodes with Buffer', () => {
    const toString = vi.spyOn(Buffer.prototype, 'toString')
    expect(runtimeBase64url.textToBase64url('bot-é')).toBe('Ym90LcOp')
    expect(runtimeBase64url.bytesToBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8')
    expect(toString.mock.calls).toEqual([['base64url'], ['base64url']])
    toString.mockRestore()
  })
})
