import { describe, expectTypeOf, test } from 'vitest'
import {
  createHotTaskClient,
  isHotTaskError,
  type MAX_MESSAGE_LENGTH,
  type ChatReply,
  type ChatSession,
  type ChatSessionRef,
  type SendMessageOptions,
  type HotTaskClientConfig,
  type HotTaskError,
  type HotTaskErrorKind,
} from '../../src/core'

describe('core client', () => {
  test('createChatSession resolves a ChatSession', () => {
    const client = createHotTaskClient({ baseUrl: 'https://example.test' })
    expectTypeOf(client.createChatSession('bot')).toEqualTypeOf<Promise<ChatSession>>()
    expectTypeOf(client.createChatSession).parameter(1).toEqualTypeOf<{ signal?: AbortSignal; maxRetries?: number } | undefined>()
    // @ts-expect-error the serial number is a string
    void client.createChatSession(42)
  })

  test('sendMessage takes a session and text, and resolves a ChatReply', () => {
    const client = createHotTaskClient()
    const session: ChatSession = { sessionId: 1, serialNumber: 'bot', version: '1.0.0' }
    expectTypeOf(client.sendMessage(session, 'hi')).toEqualTypeOf<Promise<ChatReply>>()
    void client.sendMessage({ sessionId: 1 }, 'hi', { signal: AbortSignal.timeout(1000), maxRetries: 0 })
    expectTypeOf(client.sendMessage).parameter(0).toEqualTypeOf<ChatSessionRef>()
    expectTypeOf(client.sendMessage).parameter(2).toEqualTypeOf<SendMessageOptions | undefined>()
    expectTypeOf<ChatReply>().toEqualTypeOf<{ content: string; messageId?: number; totalTokens?: number; version: string }>()
    expectTypeOf<ChatSession['sessionToken']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<typeof MAX_MESSAGE_LENGTH>().toEqualTypeOf<16_384>()
    // @ts-expect-error the session comes first
    void client.sendMessage('hi', session)
    // @ts-expect-error a session needs its id
    void client.sendMessage({ sessionToken: 't' }, 'hi')
    // @ts-expect-error the content is text
    void client.sendMessage(session, { content: 'hi' })
  })

  test('config options are typed', () => {
    createHotTaskClient({ messageTimeoutMs: 90_000 })
    // @ts-expect-error messageTimeoutMs is a number of milliseconds
    createHotTaskClient({ messageTimeoutMs: '90s' })
    expectTypeOf<HotTaskClientConfig['headers']>().toExtend<HeadersInit | (() => HeadersInit | Promise<HeadersInit>) | undefined>()
    // @ts-expect-error timeoutMs is a number of milliseconds
    createHotTaskClient({ timeoutMs: '15s' })
    // @ts-expect-error there is no such option
    createHotTaskClient({ retries: 3 })
  })

  test('isHotTaskError narrows unknown', () => {
    const error: unknown = new Error('x')
    if (isHotTaskError(error)) {
      expectTypeOf(error).toEqualTypeOf<HotTaskError>()
      expectTypeOf(error.kind).toEqualTypeOf<HotTaskErrorKind>()
      expectTypeOf(error.status).toEqualTypeOf<number | undefined>()
      expectTypeOf(error.code).toEqualTypeOf<number | undefined>()
      expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | undefined>()
      expectTypeOf(error.retryable).toEqualTypeOf<boolean>()
    }
  })
})
