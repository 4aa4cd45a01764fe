import { describe, expect, it } from 'vitest'
import { assertSerialNumber, serialNumberProblem } from '../../src/core/serial-number'
import { isHotTaskError } from '../../src/core/errors'

describe('serialNumberProblem', () => {
  it.each([
    [undefined, 'expected a string, got undefined'],
    [null, 'expected a string, got null'],
    [42, 'expected a string, got number'],
    [{}, 'expected a string, got object'],
    ['', 'it is empty'],
    ['   \t ', 'it is empty'],
    ['x'.repeat(257), 'it is longer than 256 characters'],
    ['abc\n', 'it contains control characters'],
    ['a\u0000b', 'it contains control characters'],
    ['a\u007fb', 'it contains control characters'],
    ['a\u0085b', 'it contains control characters'],
  ])('refuses %j: %s', (value, problem) => {
    expect(serialNumberProblem(value)).toBe(problem)
  })

  it.each(['3254a9d0-1c2b', 'x'.repeat(256), 'ünïcødé-序列', ' padded '])('accepts %j', (value) => {
    expect(serialNumberProblem(value)).toBeUndefined()
  })
})

describe('assertSerialNumber', () => {
  it('throws an invalid-input HotTaskError that says what is wrong', () => {
    let thrown: unknown
    try {
      assertSerialNumber('')
    } catch (error) {
      thrown = error
    }
    expect(isHotTaskError(thrown)).toBe(true)
    expect(thrown).toMatchObject({ kind: 'invalid-input', retryable: false, message: 'Invalid serial number: it is empty.' })
  })

  it('passes a valid serial number', () => {
    expect(() => assertSerialNumber('abc')).not.toThrow()
  })
})
