import { describe, expect, it } from 'vitest'
import { isPending } from '../../src/server/checks/pending'

describe('isPending: what a check returned is still to be awaited', () => {
  it('a native promise, and any thenable: an object or a function with a then method', () => {
    const then = (resolve: (value: number) => void) => resolve(1)
    const values: unknown[] = [Promise.resolve(1), { then }, Object.assign(() => {}, { then })]
    for (const value of values) expect(isPending(value)).toBe(true)
  })

  it('a value already there: undefined, null, an answer, a number, a function without then', () => {
    const values: unknown[] = [undefined, null, { status: 403 }, { then: 'not a function' }, 0, 'text', () => {}]
    for (const value of values) expect(isPending(value)).toBe(false)
  })
})
