import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { createHotTaskClient } from '../../src/core'

const KEY = 'sk-core-secret-0123456789'

describe('a key with spaces around it', () => {
  it('is sent trimmed, as HTTP would send it, and scrubbed from the error as sent', async () => {
    const seen: Array<string | null> = []
    const echo = async (_: RequestInfo | URL, init?: RequestInit) => {
      const sent = new Headers(init!.headers).get('authorization')
      seen.push(sent)
      return new Response(JSON.stringify({ Data: null, Version: '1', Success: false, Code: 401, Message: `Invalid key "${sent}"` }), { status: 401 })
    }
    const client = createHotTaskClient({ apiKey: `  ${KEY} `, fetch: echo, maxRetries: 0 })
    const error = await client.createChatSession('bot-1').catch((caught: unknown) => caught)
    expect(seen).toEqual([KEY])
    expect(error).toMatchObject({ kind: 'http', status: 401 })
    expect(inspect(error, { depth: Infinity })).not.toContain(KEY)
    expect(JSON.stringify(error)).not.toContain(KEY)
  })
})
