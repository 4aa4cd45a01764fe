import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bytesToBase64url, portableBase64url, textToBase64url } from '../../../src/server/calls/base64url'

describe('base64url for session tokens', () => {
  it('writes the RFC 4648 §5 alphabet without padding', () => {
    // 0xfb 0xff is '+/8=' in base64: the two characters base64url replaces, and a pad it drops.
    expect(bytesToBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8')
    expect(portableBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8')
    expect(textToBase64url('3254a9d0-bench')).toBe('MzI1NGE5ZDAtYmVuY2g')
    expect(textToBase64url('')).toBe('')
  })

  it('encodes only the bytes of a view, not the rest of its buffer', () => {
    const view = new Uint8Array([1, 2, 0xfb, 0xff, 3]).subarray(2, 4)
    expect(bytesToBase64url(view)).toBe('-_8')
  })

  it('gives the same text natively as the portable encoding Workers use', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => bytesToBase64url(bytes) === portableBase64url(bytes)))
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 64 }), (text) => textToBase64url(text) === portableBase64url(new TextEncoder().encode(text))))
  })
})
