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
      expect(onError).toHaveBeenCalledOnce()
      expect((onError.mock.calls[0]![0] as Error).message).toBe('HotTask answered HTTP 500 with an envelope nested more than 64 levels deep, which cannot be relayed')
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

  describe('what onError is told of a reply that cannot be relayed (the visitor gets a 502)', () => {
    async function told(reply: Response) {
      const onError = vi.fn()
      const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], fetch: async () => reply, onError })
      expect((await read(await handler(call()))).status).toBe(502)
      expect(onError).toHaveBeenCalledOnce()
      return (onError.mock.calls[0]![0] as Error).message
    }

    it('the status, type, size and the first 120 characters of the reply, then an ellipsis', async () => {
      const text = `<!doctype html>${'x'.repeat(200)}`
      expect(await told(new Response(text, { headers: { 'content-type': 'text/html; charset=utf-8' } }))).toBe(
        `HotTask answered HTTP 200 (text/html; charset=utf-8, 215 bytes), which cannot be relayed: ${JSON.stringify(text.slice(0, 120))}…`,
      )
    })

    it('a reply of exactly 120 characters whole, without an ellipsis; its size in bytes', async () => {
      const text = 'é'.repeat(120)
      expect(await told(new Response(text, { headers: { 'content-type': 'text/plain' } }))).toBe(
        `HotTask answered HTTP 200 (text/plain, 240 bytes), which cannot be relayed: ${JSON.stringify(text)}`,
      )
    })

    it('a reply without a content type, and an unexpected status', async () => {
      expect(await told(new Response(null, { status: 302 }))).toBe('HotTask answered HTTP 302 (no content-type, 0 bytes), which cannot be relayed: ""')
    })

    it('a reply over 64 KiB: its size only, none of it', async () => {
      const reply = new Response(new ReadableStream({ pull: (controller) => controller.enqueue(new Uint8Array(16 * 1024)) }), { headers: { 'content-type': 'application/json' } })
      expect(await told(reply)).toBe('HotTask answered HTTP 200 (application/json, over 65536 bytes), which cannot be relayed')
    })

    it('never the key: not in the text (even where the first 120 characters cut it), nor in the content type', async () => {
      const text = `${'x'.repeat(110)}${API_KEY} and again ${API_KEY}`
      const message = await told(new Response(text, { headers: { 'content-type': `text/html; key=${API_KEY}` } }))
      expect(message).not.toContain(API_KEY.slice(0, 10))
      expect(message).toBe(
        `HotTask answered HTTP 200 (text/html; key=[redacted], ${text.length} bytes), which cannot be relayed: ${JSON.stringify(`${'x'.repeat(110)}[redacted]`)}…`,
      )
    })
  })
})
