import { describe, expect, it } from 'vitest'
import { envelope, jsonReply, scriptedFetch, SECRET, failureWith } from '../support/replies'
import { expectKeyHidden } from './expect-key-hidden'

const errorFor = (reply: Response) => failureWith(scriptedFetch(reply).fetch)

describe('code is set only from a finite number', () => {
  it.each([
    ['http, Code is the echoed key', 400, SECRET],
    ['api, Code is the echoed key', 200, SECRET],
    ['http, Code is an object holding the key', 400, { key: SECRET }],
    ['api, Code is an object holding the key', 200, { key: SECRET, nested: [SECRET] }],
  ])('%s: no code, and the key is in neither JSON.stringify nor util.inspect', async (_, status, Code) => {
    const error = await errorFor(jsonReply(envelope({ Success: false, Code: Code as never, Message: 'no' }), { status }))
    expect(error).toMatchObject({ kind: status === 200 ? 'api' : 'http' })
    expect(error.code).toBeUndefined()
    expectKeyHidden(error, SECRET)
  })

  it.each([['404'], [true], [null], [[1]]])('drops a Code of %j, and the api message names no code', async (Code) => {
    const error = await errorFor(jsonReply(envelope({ Success: false, Code: Code as never, Message: 'Refused' })))
    expect(error.code).toBeUndefined()
    expect(error.message).toBe('HotTask did not create a chat session: Refused.')
  })

  it('keeps a numeric Code, for http and api errors', async () => {
    expect((await errorFor(jsonReply(envelope({ Success: false, Code: 429 }), { status: 429 }))).code).toBe(429)
    expect((await errorFor(jsonReply(envelope({ Success: false, Code: -3.5 })))).code).toBe(-3.5)
  })
})
