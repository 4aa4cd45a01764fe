import { describe, expectTypeOf, test } from 'vitest'
import { hotTaskHandlers } from '../../src/msw'
import type { HttpHandler } from 'msw'
import { createHotTaskHandler, toNodeHandler, type HotTaskHandler, type HotTaskHandlerOptions } from '../../src/server'

describe('createHotTaskHandler', () => {
  test('allowedSerialNumbers is required; apiKey is optional (HOTTASK_API_KEY)', () => {
    const handler = createHotTaskHandler({ allowedSerialNumbers: ['bot'] })
    expectTypeOf(handler).toEqualTypeOf<HotTaskHandler>()
    expectTypeOf(handler).toEqualTypeOf<(request: Request, env?: object) => Promise<Response>>()
    createHotTaskHandler({ apiKey: 'sk-1', allowedSerialNumbers: async (serial, request) => serial === 'bot' && request.method === 'POST' })
    // @ts-expect-error without an allow-list anyone could spend the key on any chatbot
    createHotTaskHandler({ apiKey: 'sk-1' })
    // @ts-expect-error the allow-list answers true or false
    createHotTaskHandler({ allowedSerialNumbers: () => 'yes' })
    // @ts-expect-error apiKey is a string
    createHotTaskHandler({ apiKey: 1, allowedSerialNumbers: ['bot'] })
  })

  test('authorize may answer a Response', () => {
    const options: HotTaskHandlerOptions = { allowedSerialNumbers: ['bot'], authorize: async () => new Response(null, { status: 302 }) }
    expectTypeOf(options.authorize).toEqualTypeOf<((request: Request) => boolean | Response | Promise<boolean | Response>) | undefined>()
    // @ts-expect-error authorize answers true, false or a Response
    createHotTaskHandler({ allowedSerialNumbers: ['bot'], authorize: () => 'ok' })
  })

  test('the handler is served by toNodeHandler and called with an env', () => {
    const handler = createHotTaskHandler({ allowedSerialNumbers: ['bot'] })
    toNodeHandler(handler)
    void handler(new Request('http://app.test/chat/Chatbot/GetSession'), { HOTTASK_API_KEY: 'sk-1' })
    // @ts-expect-error the env is an object
    void handler(new Request('http://app.test/chat/Chatbot/GetSession'), 'sk-1')
  })
})

describe('msw factories', () => {
  test('each returns an msw handler and takes its own options', () => {
    expectTypeOf(hotTaskHandlers.success()).toEqualTypeOf<HttpHandler>()
    hotTaskHandlers.success({ sessionId: 7, version: '2.0.0', delayMs: 10 })
    hotTaskHandlers.businessError({ code: 40001, message: 'Chatbot disabled' })
    hotTaskHandlers.httpError({ status: 429, retryAfter: 2 })
    hotTaskHandlers.httpError({ retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' })
    hotTaskHandlers.failThenSucceed({ failures: 1, status: 503, retryAfter: 1 })
    hotTaskHandlers.malformed({ body: '<html>' })
    hotTaskHandlers.networkError({ delayMs: 5 })
    hotTaskHandlers.slow({ delayMs: 100 })
    // @ts-expect-error sessionId is a number
    hotTaskHandlers.success({ sessionId: '7' })
    // @ts-expect-error a business error has a code, not a status
    hotTaskHandlers.businessError({ status: 500 })
    // @ts-expect-error the network error takes only delayMs
    hotTaskHandlers.networkError({ status: 500 })
  })
})
