import { describe, expectTypeOf, test } from 'vitest'
import {
  hotTaskHandlers,
  type HotTaskChatbotMessage,
  type HotTaskChatbotMockOptions,
  type HotTaskChatbotReplyContext,
  type HotTaskHttpErrorMockOptions,
  type HotTaskMessageReplyContext,
  type HotTaskMessageReplyMockOptions,
} from '../../src/msw'
import type { HttpHandler } from 'msw'
import {
  clientAddress,
  createHotTaskHandler,
  createRedisRateLimitStore,
  toNodeHandler,
  MAX_MESSAGE_BODY_BYTES,
  MAX_REQUEST_BODY_BYTES,
  type FailureKind,
  type HotTaskHandler,
  type HotTaskHandlerOptions,
  type RepeatedFailures,
  type MessageOptions,
  type MessageRateLimitOptions,
  type RateLimitClientKey,
  type RateLimitHit,
  type RateLimitOptions,
  type RateLimitStore,
} from '../../src/server'

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

describe('onError', () => {
  test('gets the error and the refused request, or undefined for a failure of no request', () => {
    createHotTaskHandler({
      allowedSerialNumbers: ['bot'],
      onError: (error, request) => {
        expectTypeOf(error).toEqualTypeOf<unknown>()
        expectTypeOf(request).toEqualTypeOf<Request | undefined>()
      },
    })
  })

  test('a RepeatedFailures is an AggregateError with its kind and count', () => {
    expectTypeOf<RepeatedFailures>().toExtend<AggregateError>()
    expectTypeOf<RepeatedFailures['kind']>().toEqualTypeOf<FailureKind>()
    expectTypeOf<RepeatedFailures['count']>().toEqualTypeOf<number>()
    expectTypeOf<FailureKind>().toEqualTypeOf<'upstream-connection' | 'upstream-timeout' | 'upstream-reply' | 'rate-limit-store' | 'rate-limit-store-client' | 'config' | 'callback' | 'unexpected'>()
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

  test('the message factories each return an msw handler and take their own options', () => {
    expectTypeOf(hotTaskHandlers.messageReply()).toEqualTypeOf<HttpHandler>()
    hotTaskHandlers.messageReply({ reply: 'Hi!', messageId: 1, totalTokens: 10, version: '2.0.0', delayMs: 10 })
    hotTaskHandlers.messageReply({ reply: async (content, { sessionId }) => `${sessionId}: ${content}` })
    hotTaskHandlers.messageBusinessError({ code: 402, message: 'Out of credits', delayMs: 5 })
    hotTaskHandlers.messageHttpError({ status: 429, retryAfter: 2, message: 'Slow down' })
    hotTaskHandlers.messageFailThenSucceed({ failures: 2, status: 429, retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT', reply: 'Hi!' })
    hotTaskHandlers.messageNetworkError({ delayMs: 5 })
    hotTaskHandlers.messageMalformed({ body: '{}' })
    hotTaskHandlers.messageSlow({ delayMs: 100, reply: (content) => content })
    expectTypeOf(hotTaskHandlers.messageHttpError).parameter(0).toEqualTypeOf<HotTaskHttpErrorMockOptions | undefined>()
    expectTypeOf<NonNullable<HotTaskMessageReplyMockOptions['reply']>>().toEqualTypeOf<
      string | ((content: string, context: HotTaskMessageReplyContext) => string | Promise<string>)
    >()
    // @ts-expect-error a reply is text
    hotTaskHandlers.messageReply({ reply: () => 42 })
    // @ts-expect-error messageReply has no conversation: its reply is told no history
    hotTaskHandlers.messageReply({ reply: (_content, { history }) => String(history) })
    // @ts-expect-error a message's ids are messageId, not sessionId
    hotTaskHandlers.messageReply({ sessionId: 7 })
    // @ts-expect-error a business error has a code, not a status
    hotTaskHandlers.messageBusinessError({ status: 500 })
    // @ts-expect-error the network error takes only delayMs
    hotTaskHandlers.messageNetworkError({ status: 500 })
  })

  test('chatbot returns handlers for both calls; its reply is told the history', () => {
    expectTypeOf(hotTaskHandlers.chatbot()).toEqualTypeOf<HttpHandler[]>()
    hotTaskHandlers.chatbot({ sessionId: 1, serialNumbers: ['bot'], delayMs: 10, replyDelayMs: 1_000, version: '2.0.0', reply: 'Hi!' })
    hotTaskHandlers.chatbot({
      reply: async (content, context) => {
        expectTypeOf(context).toEqualTypeOf<HotTaskChatbotReplyContext>()
        expectTypeOf(context.history).toEqualTypeOf<readonly HotTaskChatbotMessage[]>()
        return `${context.sessionId} ${context.history.length} ${content}`
      },
    })
    expectTypeOf<HotTaskChatbotMessage['role']>().toEqualTypeOf<'user' | 'assistant'>()
    expectTypeOf<HotTaskChatbotReplyContext>().toExtend<HotTaskMessageReplyContext>()
    const options: HotTaskChatbotMockOptions = { serialNumbers: ['bot'] as const }
    void options
    // @ts-expect-error the reply function cannot change the history
    hotTaskHandlers.chatbot({ reply: (_content, { history }) => String(history.push({ role: 'user', content: 'x' })) })
    // @ts-expect-error serialNumbers is a list
    hotTaskHandlers.chatbot({ serialNumbers: 'bot' })
    // @ts-expect-error chatbot has no failure states: use the message factories for those
    hotTaskHandlers.chatbot({ status: 503 })
  })
})

describe('rateLimit', () => {
  test('limit and windowMs are required numbers; clientKey and store are optional', () => {
    createHotTaskHandler({ allowedSerialNumbers: ['bot'], rateLimit: { limit: 10, windowMs: 60_000 } })
    const options: RateLimitOptions = {
      limit: 10,
      windowMs: 60_000,
      clientKey: async (request) => request.headers.get('x-real-ip') ?? undefined,
      store: { hit: async (_key, windowMs) => ({ count: 1, resetAt: Date.now() + windowMs }) },
    }
    expectTypeOf(options.clientKey).toEqualTypeOf<RateLimitClientKey | undefined>()
    // @ts-expect-error windowMs is required
    createHotTaskHandler({ allowedSerialNumbers: ['bot'], rateLimit: { limit: 10 } })
    // @ts-expect-error limit is a number
    createHotTaskHandler({ allowedSerialNumbers: ['bot'], rateLimit: { limit: '10', windowMs: 60_000 } })
    // @ts-expect-error clientKey answers a string or undefined
    createHotTaskHandler({ allowedSerialNumbers: ['bot'], rateLimit: { limit: 10, windowMs: 60_000, clientKey: () => 42 } })
  })

  test('a store answers { count, resetAt }, sync or async', () => {
    const sync: RateLimitStore = { hit: () => ({ count: 1, resetAt: 0 }) }
    expectTypeOf(sync.hit).returns.toEqualTypeOf<RateLimitHit | Promise<RateLimitHit>>()
    // @ts-expect-error a store's hit returns the count and the window's end
    const wrong: RateLimitStore = { hit: () => 1 }
    void wrong
  })

  test('the Redis store and clientAddress', () => {
    expectTypeOf(createRedisRateLimitStore).returns.toExtend<RateLimitStore>()
    expectTypeOf(clientAddress).toEqualTypeOf<(request: Request) => string | undefined>()
    // @ts-expect-error the Redis store needs the user's client
    createRedisRateLimitStore()
  })
})

describe('message options', () => {
  test('each is optional, and typed', () => {
    createHotTaskHandler({
      allowedSerialNumbers: ['bot'],
      sessionSecret: 'a-session-secret-of-32-characters-or-more',
      sessionTtlMs: 3_600_000,
      maxMessageLength: 2_000,
      messageTimeoutMs: 30_000,
      messageRateLimit: { limit: 20, windowMs: 60_000, store: createRedisRateLimitStore({ evalsha: async () => [1, 1], eval: async () => [1, 1] }) },
    })
    createHotTaskHandler({ allowedSerialNumbers: ['bot'], messageRateLimit: false })
    expectTypeOf<HotTaskHandlerOptions>().toExtend<MessageOptions>()
    expectTypeOf<HotTaskHandlerOptions['messageRateLimit']>().toEqualTypeOf<MessageRateLimitOptions | false | undefined>()
    expectTypeOf<HotTaskHandlerOptions['sessionSecret']>().toEqualTypeOf<string | undefined>()
    expectTypeOf(MAX_MESSAGE_BODY_BYTES).toEqualTypeOf<number>()
    expectTypeOf(MAX_REQUEST_BODY_BYTES).toEqualTypeOf<number>()
    // @ts-expect-error the secret is a string (its UTF-8 bytes are the key)
    createHotTaskHandler({ allowedSerialNumbers: ['bot'], sessionSecret: new Uint8Array(32) })
    // @ts-expect-error messageRateLimit is an object or false: true is not a setting
    createHotTaskHandler({ allowedSerialNumbers: ['bot'], messageRateLimit: true })
    // @ts-expect-error messages are counted per chat session: no clientKey
    createHotTaskHandler({ allowedSerialNumbers: ['bot'], messageRateLimit: { limit: 20, windowMs: 60_000, clientKey: () => 'a' } })
    // @ts-expect-error windowMs is required
    createHotTaskHandler({ allowedSerialNumbers: ['bot'], messageRateLimit: { limit: 20 } })
    // @ts-expect-error maxMessageLength is a number
    createHotTaskHandler({ allowedSerialNumbers: ['bot'], maxMessageLength: '4000' })
  })
})
