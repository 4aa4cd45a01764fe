import { describe, expect, it, vi } from 'vitest'
import { MAX_MESSAGE_BODY_BYTES, type HotTaskHandlerOptions } from '../../../src/server'
import { handlerPaths } from '../handler-paths'
import { API_KEY, read } from '../secret'
import { fakeHotTask, messageFor, messageRequest, openSession, replyEnvelope, SERIAL } from './conversation'

describe.each(handlerPaths)('messages through the proxy ($path)', ({ createHandler }) => {
  async function setup(options: Partial<HotTaskHandlerOptions> = {}, message?: Parameters<typeof fakeHotTask>[0]) {
    const upstream = await fakeHotTask(message)
    const onError = vi.fn()
    const handler = createHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError, ...options })
    const session = await openSession(handler)
    return { handler, upstream, onError, session }
  }

  it('forwards a message of the session the handler created, with its own key and a body it builds, and relays the reply', async () => {
    const { handler, upstream, session } = await setup()
    const { status, body, headers } = await read(await handler(messageRequest(messageFor(session, 'Hello'), { headers: { authorization: 'client-token', cookie: 'a=b' } })))
    expect(status).toBe(200)
    expect(body).toEqual(replyEnvelope())
    expect(headers.get('cache-control')).toBe('no-store')
    const [seen, ...more] = upstream.messages()
    expect(more).toEqual([])
    expect(seen!.method).toBe('POST')
    expect(seen!.url).toBe('/chat/Chat/ClientAsk')
    expect(seen!.headers.authorization).toBe(API_KEY)
    expect(seen!.headers['content-type']).toBe('application/json')
    expect(seen!.headers.cookie).toBeUndefined()
    expect(seen!.body).toBe(`{"sessionID":${session.sessionId},"content":"Hello","stream":false}`)
  })

  it("never forwards the client's bytes: other fields are dropped, the allowed text-only values are left out", async () => {
    const { handler, upstream, session } = await setup()
    const body = `  {"content":"Hi \\u00e9\\n","sessionToken":"${session.sessionToken}","sessionID":${session.sessionId},"chatAskType":"Text","stream":false,"fileIds":[],"extra":{"a":1},"__proto__":{"x":1}}  `
    expect((await handler(messageRequest(body))).status).toBe(200)
    for (const variant of [{ chatAskType: null, fileIds: null }, {}]) {
      const { sessionID, content, sessionToken } = messageFor(session, 'Again')
      expect((await handler(messageRequest({ sessionID, content, sessionToken, ...variant }))).status).toBe(200)
    }
    expect(upstream.messages().map((seen) => seen.body)).toEqual([
      `{"sessionID":${session.sessionId},"content":"Hi é\\n","stream":false}`,
      `{"sessionID":${session.sessionId},"content":"Again","stream":false}`,
      `{"sessionID":${session.sessionId},"content":"Again","stream":false}`,
    ])
  })

  it('serves any path ending in /chat/Chat/ClientAsk, at any mount point, beside GetSession', async () => {
    const { handler, upstream, session } = await setup()
    for (const path of ['/chat/Chat/ClientAsk', '/x/y/chat/Chat/ClientAsk', '/api/hottask/chat/Chat/ClientAsk?a=1'])
      expect((await handler(messageRequest(messageFor(session), { path }))).status, path).toBe(200)
    expect(upstream.messages()).toHaveLength(3)
  })

  it('keeps a base URL path prefix', async () => {
    const upstream = await fakeHotTask()
    const handler = createHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: `${upstream.url}/v2/` })
    const session = await openSession(handler)
    expect((await handler(messageRequest(messageFor(session)))).status).toBe(200)
    expect(upstream.requests.map((seen) => seen.url)).toEqual(['/v2/chat/Chatbot/GetSession', '/v2/chat/Chat/ClientAsk'])
  })

  it('takes a body of exactly 64 KiB, and the longest message (16,384 three-byte characters) in it', async () => {
    const { handler, upstream, session } = await setup({ maxMessageLength: 16_384 })
    const longest = JSON.stringify(messageFor(session, '€'.repeat(16_384)))
    expect(new TextEncoder().encode(longest).byteLength).toBeLessThan(MAX_MESSAGE_BODY_BYTES)
    const exact = longest + ' '.repeat(MAX_MESSAGE_BODY_BYTES - new TextEncoder().encode(longest).byteLength)
    expect((await handler(messageRequest(exact))).status).toBe(200)
    expect(JSON.parse(upstream.messages()[0]!.body).content).toHaveLength(16_384)
  })

  it('relays a business error envelope with its status, and HotTask 429/503 with their wait headers', async () => {
    const failure = { Data: null, Version: '1.0.0', Success: false, Code: 40001, Message: 'Chatbot disabled' }
    let reply = { status: 200, body: JSON.stringify(failure), headers: {} as Record<string, string> }
    const { handler, session } = await setup({}, () => reply)
    expect(await read(await handler(messageRequest(messageFor(session))))).toMatchObject({ status: 200, body: failure })
    for (const status of [429, 503]) {
      const busy = { ...failure, Code: status, Message: 'slow down' }
      reply = { status, body: JSON.stringify(busy), headers: { 'retry-after': '7', 'retry-after-ms': '7000', 'x-internal': 'no' } }
      const answer = await read(await handler(messageRequest(messageFor(session))))
      expect(answer).toMatchObject({ status, body: busy })
      expect([answer.headers.get('retry-after'), answer.headers.get('retry-after-ms'), answer.headers.get('x-internal')]).toEqual(['7', '7000', null])
    }
  })

  it('a 2xx reply that is not the envelope is a 502; an error status without one keeps its status in a new envelope', async () => {
    let reply = { status: 200, body: '<html>oops</html>' }
    const { handler, session } = await setup({}, () => reply)
    expect(await read(await handler(messageRequest(messageFor(session))))).toMatchObject({
      status: 502,
      body: { Success: false, Code: 502, Message: "HotTask answered with a reply that is not the API's envelope." },
    })
    reply = { status: 500, body: 'oops' }
    expect(await read(await handler(messageRequest(messageFor(session))))).toMatchObject({ status: 500, body: { Success: false, Code: 500, Message: 'HotTask replied with HTTP 500 Internal Server Error.' } })
  })

  it('scrubs the key from a reply that echoes it, and never adds a session token to a message reply', async () => {
    const echo = { Data: { content: `you sent ${API_KEY}`, messageid: 1, SessionID: 5 }, Version: '1.0.0', Success: true, Code: 200, Message: `key ${API_KEY}` }
    const { handler, session } = await setup({}, () => ({ body: JSON.stringify(echo) }))
    const { status, body } = await read(await handler(messageRequest(messageFor(session))))
    expect(status).toBe(200)
    expect(body).toEqual({ ...echo, Data: { content: 'you sent [redacted]', messageid: 1, SessionID: 5 }, Message: 'key [redacted]' })
  })

  it('answers 504 after messageTimeoutMs (not timeoutMs), and tells onError', async () => {
    const { handler, upstream, onError, session } = await setup({ messageTimeoutMs: 40, timeoutMs: 600_000 }, () => 'hang')
    const { status, body } = await read(await handler(messageRequest(messageFor(session))))
    expect(status).toBe(504)
    expect(body.Message).toBe('HotTask did not reply within 40 ms.')
    expect(upstream.messages()).toHaveLength(1)
    expect(onError).toHaveBeenCalledTimes(1)
  })

  it('answers 502 when HotTask cannot be reached', async () => {
    const { handler, upstream, session } = await setup()
    await upstream.close()
    const { status, body } = await read(await handler(messageRequest(messageFor(session))))
    expect(status).toBe(502)
    expect(body.Message).toBe('Could not reach HotTask.')
  })
})
