import { describe, expect, it } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import type { HotTaskError } from '../../src/core/errors'
import { envelope, jsonReply, scriptedFetch, SECRET } from '../support/replies'
import { expectKeyHidden } from './expect-key-hidden'

async function errorFor(reply: Response): Promise<HotTaskError> {
  const { fetch } = scriptedFetch(reply)
  return createHotTaskClient({ apiKey: SECRET, fetch, maxRetries: 0 })
    .createChatSession('a')
    .then(
      () => expect.fail('expected the call to fail'),
      (error: HotTaskError) => error,
    )
}

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
