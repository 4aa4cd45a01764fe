import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../../src/core'
import { sessionKeyring } from '../../../src/server/calls/session-key'
import { checkSessionToken } from '../../../src/server/calls/session-token'
import { handlerPaths } from '../handler-paths'
import { sessionRequest } from '../requests'
import { API_KEY, read } from '../secret'
import { fakeHotTask, messageFor, messageRequest, ORIGIN, openSession, SECRET, SERIAL, SESSION_PATH } from './conversation'

afterEach(() => {
  vi.unstubAllEnvs()
})

const OTHER_KEY = 'sk-another-key-0123456789abcdef'

describe.each(handlerPaths)('session tokens ($path)', ({ createHandler }) => {
  describe('GetSession adds Data.SessionToken to a success', () => {
    it('signed for the session id, the serial number asked for and now + sessionTtlMs; the key stays out', async () => {
      const upstream = await fakeHotTask()
      const handler = createHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, sessionTtlMs: 3_600_000 })
      const now = Date.now()
      vi.useFakeTimers({ toFake: ['Date'], now })
      try {
        const { status, body } = await read(await handler(sessionRequest(SERIAL, ORIGIN + SESSION_PATH)))
        expect(status).toBe(200)
        expect(body).toEqual({ Data: { SessionID: 1001, SessionToken: expect.any(String) }, Version: '1.0.0', Success: true, Code: 200, Message: '' })
        const token: string = body.Data.SessionToken
        expect(token).toMatch(new RegExp(`^v1\\.1001\\.${now + 3_600_000}\\.Ym90LTE\\.[\\w-]{43}$`))
        const check = await checkSessionToken(await sessionKeyring(undefined)(API_KEY), token, 1001, now)
        expect(check).toEqual({ claims: { sessionId: 1001, serialNumber: SERIAL, expiresAt: now + 3_600_000 } })
      } finally {
        vi.useRealTimers()
      }
    })

    it('where there is no node:crypto (Workers, the Edge runtime), signed with Web Crypto: the same token, and a message with it goes through', async () => {
      const builtin = process.getBuiltinModule
      const getBuiltinModule = vi.spyOn(process, 'getBuiltinModule').mockImplementation((id: string) => (id === 'node:crypto' ? undefined : builtin(id)) as never)
      const sign = vi.spyOn(crypto.subtle, 'sign')
      try {
        const upstream = await fakeHotTask()
        const handler = createHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url })
        const session = await openSession(handler)
        expect(sign).toHaveBeenCalled()
        const check = await checkSessionToken(await sessionKeyring(undefined)(API_KEY), session.sessionToken, session.sessionId)
        expect(check.problem).toBeUndefined()
        expect((await handler(messageRequest(messageFor(session)))).status).toBe(200)
      } finally {
        getBuiltinModule.mockRestore()
        sign.mockRestore()
      }
    })

    it('the default lifetime is 24 hours', async () => {
      const upstream = await fakeHotTask()
      const handler = createHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url })
      const now = Date.now()
      vi.useFakeTimers({ toFake: ['Date'], now })
      try {
        const { sessionToken } = await openSession(handler)
        expect(sessionToken.split('.')[2]).toBe(String(now + 86_400_000))
      } finally {
        vi.useRealTimers()
      }
    })

    it('core reads it into ChatSession.sessionToken, and sendMessage sends it back', async () => {
      const upstream = await fakeHotTask()
      const handler = createHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url })
      const client = createHotTaskClient({ baseUrl: `${ORIGIN}/api/hottask`, fetch: (input, init) => handler(new Request(input, init)) })
      const session = await client.createChatSession(SERIAL)
      expect(session.sessionToken).toMatch(/^v1\.1001\./)
      expect(await client.sendMessage(session, 'Hello')).toEqual({ content: 'Hi! How can I help?', messageId: 375561, totalTokens: 4337, version: '1.0.0' })
      expect(upstream.messages().map((seen) => seen.body)).toEqual(['{"sessionID":1001,"content":"Hello","stream":false}'])
    })

    it.each([
      ['a business error', 200, { Data: null, Version: '1.0.0', Success: false, Code: 40001, Message: 'Chatbot disabled' }],
      ['a success whose Code is not 200', 200, { Data: { SessionID: 7 }, Version: '1.0.0', Success: true, Code: 201, Message: '' }],
      ['a success without SessionID', 200, { Data: {}, Version: '1.0.0', Success: true, Code: 200, Message: '' }],
      ['a string SessionID', 200, { Data: { SessionID: '7' }, Version: '1.0.0', Success: true, Code: 200, Message: '' }],
      ['SessionID 0', 200, { Data: { SessionID: 0 }, Version: '1.0.0', Success: true, Code: 200, Message: '' }],
      ['a fractional SessionID', 200, { Data: { SessionID: 1.5 }, Version: '1.0.0', Success: true, Code: 200, Message: '' }],
      ['an error status with a success envelope', 500, { Data: { SessionID: 7 }, Version: '1.0.0', Success: true, Code: 200, Message: '' }],
    ])('none for %s: relayed as HotTask sent it', async (_, status, envelope) => {
      const upstream = await fakeHotTask()
      upstream.server.removeAllListeners('request')
      upstream.server.on('request', (_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(envelope)))
      const handler = createHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url })
      const answer = await read(await handler(sessionRequest(SERIAL, ORIGIN + SESSION_PATH)))
      expect([answer.status, answer.body]).toEqual([status, envelope])
    })

    it('keeps the rest of Data, and the key scrubbed from it', async () => {
      const upstream = await fakeHotTask()
      upstream.server.removeAllListeners('request')
      const envelope = { Data: { SessionID: 9, Note: `for ${API_KEY}` }, Version: '2.0', Success: true, Code: 200, Message: `hi ${API_KEY}` }
      upstream.server.on('request', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(envelope)))
      const handler = createHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url })
      const { body } = await read(await handler(sessionRequest(SERIAL, ORIGIN + SESSION_PATH)))
      expect(body).toEqual({ Data: { SessionID: 9, Note: 'for [redacted]', SessionToken: expect.stringMatching(/^v1\.9\./) }, Version: '2.0', Success: true, Code: 200, Message: 'hi [redacted]' })
    })
  })

  describe('which handlers accept a token', () => {
    it("handler A's token is refused by a handler B with another key, and taken by one with the same key", async () => {
      const upstream = await fakeHotTask()
      const options = { allowedSerialNumbers: [SERIAL], baseUrl: upstream.url }
      const a = createHandler({ ...options, apiKey: API_KEY })
      const session = await openSession(a)
      const other = await read(await createHandler({ ...options, apiKey: OTHER_KEY })(messageRequest(messageFor(session))))
      expect([other.status, other.body.Message]).toEqual([403, 'The sessionToken was not issued here.'])
      expect((await createHandler({ ...options, apiKey: API_KEY })(messageRequest(messageFor(session)))).status).toBe(200)
      expect(upstream.messages()).toHaveLength(1)
    })

    it('with one sessionSecret, handlers with different keys accept each other\'s tokens; another secret does not', async () => {
      const upstream = await fakeHotTask()
      const options = { allowedSerialNumbers: [SERIAL], baseUrl: upstream.url }
      const session = await openSession(createHandler({ ...options, apiKey: API_KEY, sessionSecret: SECRET }))
      expect((await createHandler({ ...options, apiKey: OTHER_KEY, sessionSecret: SECRET })(messageRequest(messageFor(session)))).status).toBe(200)
      const changed = createHandler({ ...options, apiKey: API_KEY, sessionSecret: `${SECRET}!` })
      expect((await changed(messageRequest(messageFor(session)))).status).toBe(403)
      // A secret of the key's own text is not the key derived from it.
      const derivedSession = await openSession(createHandler({ ...options, apiKey: API_KEY }))
      expect((await createHandler({ ...options, apiKey: API_KEY, sessionSecret: API_KEY })(messageRequest(messageFor(derivedSession)))).status).toBe(403)
    })

    it('a key rotated in the environment ends the tokens signed with the old one', async () => {
      const upstream = await fakeHotTask()
      const handler = createHandler({ allowedSerialNumbers: [SERIAL], baseUrl: upstream.url })
      vi.stubEnv('HOTTASK_API_KEY', API_KEY)
      const session = await openSession(handler)
      expect((await handler(messageRequest(messageFor(session)))).status).toBe(200)
      vi.stubEnv('HOTTASK_API_KEY', OTHER_KEY)
      const rotated = await read(await handler(messageRequest(messageFor(session))))
      expect([rotated.status, rotated.body.Message]).toEqual([403, 'The sessionToken was not issued here.'])
      expect(upstream.messages().map((seen) => seen.headers.authorization)).toEqual([API_KEY])
    })
  })

  it('derives the token key once per API key, however many messages it checks', async () => {
    const upstream = await fakeHotTask()
    const handler = createHandler({ allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, messageRateLimit: false })
    // node:crypto, as Node has it synchronously: each key is made with createSecretKey.
    const createSecretKey = vi.spyOn(process.getBuiltinModule('node:crypto'), 'createSecretKey')
    vi.stubEnv('HOTTASK_API_KEY', API_KEY)
    const session = await openSession(handler)
    for (let i = 0; i < 10; i++) expect((await handler(messageRequest(messageFor(session)))).status).toBe(200)
    // The API key as an HMAC key, then the key derived with it.
    expect(createSecretKey).toHaveBeenCalledTimes(2)
    vi.stubEnv('HOTTASK_API_KEY', OTHER_KEY)
    await openSession(handler)
    expect(createSecretKey).toHaveBeenCalledTimes(4)
  })

  it('without node:crypto or Web Crypto, GetSession is a 500 before HotTask is called, and onError says why', async () => {
    const upstream = await fakeHotTask()
    const onError = vi.fn()
    // A runtime without node:crypto (Workers, the Edge runtime), seen when the handler is made.
    const builtin = process.getBuiltinModule
    vi.spyOn(process, 'getBuiltinModule').mockImplementation((id: string) => (id === 'node:crypto' ? undefined : builtin(id)) as never)
    const handler = createHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError })
    vi.stubGlobal('crypto', undefined)
    const { status, body } = await read(await handler(sessionRequest(SERIAL, ORIGIN + SESSION_PATH)))
    expect([status, body.Message]).toEqual([500, 'The HotTask handler failed unexpectedly.'])
    expect(upstream.requests).toEqual([])
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'config', message: expect.stringContaining('globalThis.crypto.subtle') }), expect.any(Request))
  })
})
