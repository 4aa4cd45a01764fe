import { describe, expect, it } from 'vitest'
import { createEnvelope, isEnvelope, isSuccessEnvelope, parseEnvelope, sessionIdOf } from '../../src/core/envelope'
import { envelope } from '../support/replies'

describe('parseEnvelope', () => {
  it('reads the API envelope', () => {
    expect(parseEnvelope(JSON.stringify(envelope()))).toEqual(envelope())
  })

  it.each(['', 'not json', '{}', '[]', 'null', '42', '"text"', '{"Success":"true"}', '{"success":true}'])(
    'is undefined for %j',
    (text) => {
      expect(parseEnvelope(text)).toBeUndefined()
    },
  )

  it('accepts a failure envelope', () => {
    expect(parseEnvelope('{"Success":false,"Code":401,"Message":"no"}')).toMatchObject({ Success: false })
  })
})

describe('isEnvelope', () => {
  it('needs an object with a boolean Success', () => {
    expect(isEnvelope({ Success: false })).toBe(true)
    expect(isEnvelope({ Success: 1 })).toBe(false)
    expect(isEnvelope(null)).toBe(false)
  })
})

describe('isSuccessEnvelope', () => {
  it('needs Success true and Code 200', () => {
    expect(isSuccessEnvelope(envelope())).toBe(true)
    expect(isSuccessEnvelope(envelope({ Success: false }))).toBe(false)
    expect(isSuccessEnvelope(envelope({ Code: 500 }))).toBe(false)
  })
})

describe('sessionIdOf', () => {
  it.each([
    [{ SessionID: 7 }, 7],
    [{ SessionID: 0 }, 0],
    [{ SessionID: '7' }, undefined],
    [{ SessionID: Number.NaN }, undefined],
    [{}, undefined],
    [null, undefined],
    ['text', undefined],
  ])('Data %j → %j', (data, id) => {
    expect(sessionIdOf(envelope({ Data: data }))).toBe(id)
  })
})

describe('createEnvelope', () => {
  it('builds a success by default', () => {
    expect(createEnvelope({ SessionID: 1 })).toEqual({ Data: { SessionID: 1 }, Version: '1.0.0', Success: true, Code: 200, Message: '' })
  })

  it('builds a failure from a code other than 200', () => {
    expect(createEnvelope(null, { code: 403, message: 'No', version: '2.0' })).toEqual({
      Data: null,
      Version: '2.0',
      Success: false,
      Code: 403,
      Message: 'No',
    })
  })
})
