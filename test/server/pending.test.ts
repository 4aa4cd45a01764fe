import { describe, expect, it } from 'vitest'
import { isPending } from '../../src/server/checks/pending'

describe('isPending: what a check returned is still to be awaited', () => {
  it('a native promise, and any thenable: an object or a function with a then method', () => {
    const callable = Object.assign(() => {}, { then: (resolve: (value: number) => void) => resolve(1) })
    for (const value of [Promise.resolve(1), { then: (resolve: (value: number) => void) => resolve(1) }, callable]) expect(isPending(value)).toBe(true)
  })

  it('a value already there: undefined, null, an answer, a number, a function without then', () => {
    for (const value of [undefined, null, { status: 403 }, { then: 'not a function' }, 0, 'text', () => {}]) expect(isPending(value)).toBe(false)
  })
})
