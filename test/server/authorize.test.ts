import { describe, expect, it, vi } from 'vitest'
import type { HotTaskHandlerOptions } from '../../src/server'
import { successBody } from './loopback'
import { API_KEY, read } from './secret'
import { handlerPaths } from './handler-paths'

describe.each(handlerPaths)('$path', ({ path, createHandler: createHotTaskHandler }) => {
  const SERIAL = 'bot-1'
  const call = (headers: HeadersInit = {}, serialNumber = SERIAL) =>
    new Request('http://app.test/api/hottask/chat/Chatbot/GetSession', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ serialNumber }),
    })

  function setup(options: Partial<HotTaskHandlerOptions>) {
    const upstream = vi.fn(async () => new Response(successBody(), { headers: { 'content-type': 'application/json' } }))
    const onError = vi.fn()
    const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], fetch: upstream, onError, ...options })
    return { handler, upstream, onError }
  }

  describe('authorize', () => {
    it.each([
      ['true', 200, () => true],
      ['async true', 200, async () => true],
      ['false', 401, () => false],
      ['async false', 401, async () => false],
      ['a truthy non-true value', 401, () => 'yes' as unknown as boolean],
      ['undefined (a forgotten return)', 401, () => undefined as unknown as boolean],
    ])('%s → %i', async (_, expected, authorize) => {
      const { handler, upstream } = setup({ authorize })
      const { status, body } = await read(await handler(call()))
      expect(status).toBe(expected)
      if (expected === 401) {
        expect(body).toMatchObject({ Data: null, Success: false, Code: 401 })
        expect(upstream).not.toHaveBeenCalled()
      } else expect(upstream).toHaveBeenCalledTimes(1)
    })

    it('answers with the Response authorize returns, as it is', async () => {
      const { handler, upstream } = setup({ authorize: async () => new Response('go log in', { status: 302, headers: { location: '/login' } }) })
      const response = await handler(call())
      expect(response.status).toBe(302)
      expect(response.headers.get('location')).toBe('/login')
      expect(await response.text()).toBe('go log in')
      expect(upstream).not.toHaveBeenCalled()
    })

    it('sees the client request (headers intact) before the body is read', async () => {
      const authorize = vi.fn((request: Request) => request.headers.get('authorization') === 'Bearer user-token' && !request.bodyUsed)
      const { handler } = setup({ authorize })
      expect((await handler(call({ authorization: 'Bearer user-token' }))).status).toBe(200)
      expect((await handler(call({ authorization: 'Bearer wrong' }))).status).toBe(401)
    })

    it('runs before the body checks, so an unauthorized caller learns nothing about them', async () => {
      const { handler } = setup({ authorize: () => false })
      const response = await handler(new Request('http://app.test/chat/Chatbot/GetSession', { method: 'POST', body: 'junk' }))
      expect(response.status).toBe(401)
    })

    it.each([
      ['throws', () => { throw new Error(`db password hunter2 ${API_KEY}`) }],
      ['rejects', async () => { throw new Error(`db password hunter2 ${API_KEY}`) }],
    ])('answers 500 without the thrown message when authorize %s, and reports it to onError', async (_, authorize) => {
      const { handler, upstream, onError } = setup({ authorize })
      const { status, body } = await read(await handler(call()))
      expect(status).toBe(500)
      expect(body).toMatchObject({ Data: null, Success: false, Code: 500, Message: 'The server failed to check authorization.' })
      expect(JSON.stringify(body)).not.toContain('hunter2')
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('hunter2') }), expect.any(Request))
      expect(upstream).not.toHaveBeenCalled()
    })
  })

  describe('allowedSerialNumbers', () => {
    it.each([
      ['a list', [SERIAL, 'bot-2']],
      ['a sync function', (serial: string) => serial === SERIAL || serial === 'bot-2'],
      ['an async function', async (serial: string) => serial === SERIAL || serial === 'bot-2'],
    ])('as %s: allows listed chatbots and refuses others with 403', async (_, allowedSerialNumbers) => {
      const { handler, upstream } = setup({ allowedSerialNumbers })
      expect((await handler(call({}, SERIAL))).status).toBe(200)
      expect((await handler(call({}, 'bot-2'))).status).toBe(200)
      const refused = await read(await handler(call({}, 'bot-3')))
      expect(refused.status).toBe(403)
      expect(refused.body).toMatchObject({ Data: null, Success: false, Code: 403 })
      expect(upstream).toHaveBeenCalledTimes(2)
    })

    it('does not match by prefix, case or surrounding space', async () => {
      const { handler, upstream } = setup({})
      for (const serial of ['bot-', 'BOT-1', ' bot-1', 'bot-1 ', 'bot-12']) expect((await handler(call({}, serial))).status, serial).toBe(403)
      expect(upstream).not.toHaveBeenCalled()
    })

    it('passes the serial number and the request to the function; only true allows', async () => {
      const allow = vi.fn((serial: string, request: Request) => (request.headers.get('x-tenant') === 'a' ? true : (serial as unknown as boolean)))
      const { handler } = setup({ allowedSerialNumbers: allow })
      expect((await handler(call({ 'x-tenant': 'a' }))).status).toBe(200)
      expect(allow).toHaveBeenCalledWith(SERIAL, expect.any(Request))
      expect((await handler(call({ 'x-tenant': 'b' }))).status).toBe(403) // a truthy string is not true
    })

    it('is only asked about valid serial numbers', async () => {
      const allow = vi.fn(() => true)
      const { handler } = setup({ allowedSerialNumbers: allow })
      expect((await handler(call({}, '   '))).status).toBe(400)
      expect(allow).not.toHaveBeenCalled()
    })

    it.each([
      ['throws', () => { throw new Error(`secret ${API_KEY}`) }],
      ['rejects', async () => { throw new Error(`secret ${API_KEY}`) }],
    ])('answers 500 without the thrown message when the function %s', async (_, allowedSerialNumbers) => {
      const { handler, upstream, onError } = setup({ allowedSerialNumbers })
      const { status, body } = await read(await handler(call()))
      expect(status).toBe(500)
      expect(body.Message).toBe('The server failed to check the serial number.')
      expect(onError).toHaveBeenCalledTimes(1)
      expect(upstream).not.toHaveBeenCalled()
    })
  })

  describe('unexpected failures', () => {
    it('an injected fetch that throws synchronously is a 502, not a rejection', async () => {
      const { handler } = setup({ fetch: (() => { throw new TypeError('boom') }) as typeof fetch })
      expect((await handler(call())).status).toBe(502)
    })

    it('a throwing onError does not crash the handler', async () => {
      const { handler } = setup({ authorize: () => { throw new Error('x') }, onError: () => { throw new Error('logger down') } })
      expect((await handler(call())).status).toBe(500)
    })

    it('logs to console.error by default', async () => {
      const log = vi.spyOn(console, 'error').mockImplementation(() => {})
      const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: () => { throw new Error('boom') } })
      expect((await handler(call())).status).toBe(500)
      expect(log).toHaveBeenCalledWith('[react-hottask/server]', expect.objectContaining({ message: 'boom' }))
    })

    // Under toNodeHandler, see request-body-and-visitors.test.ts (a body parser that left no req.body).
    it.runIf(path === 'Fetch handler')('a request whose body was already read (by a middleware) answers a 500 envelope, never rejects', async () => {
      const { handler, onError, upstream } = setup({})
      const request = call()
      await request.text()
      const response = await handler(request)
      expect(response.status).toBe(500)
      expect(await response.json()).toMatchObject({ Data: null, Success: false, Code: 500, Message: 'The HotTask handler failed unexpectedly.' })
      expect(onError).toHaveBeenCalledTimes(1)
      expect(upstream).not.toHaveBeenCalled()
    })
  })
})
