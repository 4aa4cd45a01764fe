import { describe, expectTypeOf, test } from 'vitest'
import {
  createHotTaskClient,
  isHotTaskError,
  type ChatSession,
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

  test('config options are typed', () => {
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
