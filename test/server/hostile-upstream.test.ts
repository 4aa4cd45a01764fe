import { inspect } from 'node:util'
import { describe, expect, it, vi } from 'vitest'
import { API_KEY, read } from './secret'
import { handlerPaths } from './handler-paths'
import { sessionRequest } from './requests'

describe.each(handlerPaths)('$path', ({ createHandler: createHotTaskHandler }) => {
  const SERIAL = 'bot-1'
  const call = () => sessionRequest(SERIAL)

  describe('hostile upstream replies and failures', () => {
    it('a relayed envelope nested too deeply is a 502 that says so, not "could not reach"', async () => {
      const deep = `{"Data":${'['.repeat(30_000)}${']'.repeat(30_000)},"Version":"1","Success":false,"Code":500,"Message":"x"}`
      const onError = vi.fn()
      const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], fetch: async () => new Response(deep, { status: 500 }), onError })
      const { status, body } = await read(await handler(call()))
      expect(status).toBe(502)
      expect(body).toMatchObject({ Success: false, Code: 502, Message: 'HotTask replied with an envelope nested too deeply to relay.' })
    })

    it('a key in a relayed Retry-After is dropped, the header with it', async () => {
      const handler = createHotTaskHandler({
        apiKey: API_KEY,
        allowedSerialNumbers: [SERIAL],
        fetch: async () => new Response('{"Data":null,"Version":"1","Success":false,"Code":429,"Message":"slow down"}', { status: 429, headers: { 'retry-after': API_KEY, 'retry-after-ms': '1500' } }),
      })
      const { status, headers } = await read(await handler(call()))
      expect(status).toBe(429)
      expect(headers.get('retry-after')).toBeNull()
      expect(headers.get('retry-after-ms')).toBe('1500')
    })

    it.each([
      ['an object carrying the request headers', { request: { headers: { authorization: API_KEY } } }],
      ['a string', `connect failed (Authorization: ${API_KEY})`],
      ['an Error with the key in a nested cause', new Error('fetch failed', { cause: new Error(`bad header ${API_KEY}`) })],
    ])('onError never receives the key when the injected fetch rejects with %s', async (_, rejection) => {
      const onError = vi.fn()
      const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], fetch: () => Promise.reject(rejection), onError })
      expect((await read(await handler(call()))).status).toBe(502)
      expect(onError).toHaveBeenCalledTimes(1)
      const [reported] = onError.mock.calls[0]!
      expect(inspect(reported, { depth: Infinity })).not.toContain(API_KEY)
      expect(JSON.stringify(reported) ?? '').not.toContain(API_KEY)
    })
  })
})
