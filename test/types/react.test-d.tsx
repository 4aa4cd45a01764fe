import { useMutation, useMutationState, type UseMutationResult } from '@tanstack/react-query'
import { describe, expectTypeOf, test } from 'vitest'
import {
  chatMessageMutationOptions,
  chatSessionMutationOptions,
  useChat,
  useSendMessage,
  type ChatMessage,
  type ChatReply,
  type ChatStatus,
  type UseChatResult,
  type UseSendMessageResult,
  HotTaskProvider,
  useChatSession,
  useHotTaskClient,
  type ChatSession,
  type HotTaskClient,
  type HotTaskError,
  type HotTaskErrorKind,
  type HotTaskProviderConfig,
  type UseChatSessionOptions,
  type UseChatSessionResult,
} from '../../src/react'

describe('useChatSession', () => {
  test("returns react-query's UseMutationResult<ChatSession, HotTaskError, void>", () => {
    expectTypeOf(useChatSession('bot')).toEqualTypeOf<UseMutationResult<ChatSession, HotTaskError, void>>()
    expectTypeOf<UseChatSessionResult>().toEqualTypeOf<UseMutationResult<ChatSession, HotTaskError, void>>()
  })

  test('narrows on isSuccess and isError', () => {
    const chat = useChatSession('bot')
    if (chat.isSuccess) expectTypeOf(chat.data).toEqualTypeOf<ChatSession>()
    if (chat.isError) expectTypeOf(chat.error).toEqualTypeOf<HotTaskError>()
    if (chat.isIdle) expectTypeOf(chat.data).toEqualTypeOf<undefined>()
    expectTypeOf(chat.data?.sessionId).toEqualTypeOf<number | undefined>()
  })

  test('mutate takes no variables', () => {
    const chat = useChatSession('bot')
    chat.mutate()
    expectTypeOf(chat.mutateAsync).returns.toEqualTypeOf<Promise<ChatSession>>()
    // @ts-expect-error the serial number is the hook's argument, not mutate's
    chat.mutate('bot')
  })

  test('error.kind is the exact union of kinds', () => {
    expectTypeOf<HotTaskError['kind']>().toEqualTypeOf<HotTaskErrorKind>()
    expectTypeOf<HotTaskErrorKind>().toEqualTypeOf<
      'invalid-input' | 'config' | 'network' | 'timeout' | 'http' | 'api' | 'invalid-response' | 'aborted'
    >()
  })

  test('options are useMutation options without mutationFn and mutationKey, with typed callbacks', () => {
    useChatSession('bot', {
      retry: 1,
      onSuccess: (session) => expectTypeOf(session).toEqualTypeOf<ChatSession>(),
      onError: (error) => expectTypeOf(error.kind).toEqualTypeOf<HotTaskErrorKind>(),
    })
    expectTypeOf<UseChatSessionOptions>().not.toHaveProperty('mutationFn')
    expectTypeOf<UseChatSessionOptions>().not.toHaveProperty('mutationKey')
    // @ts-expect-error the mutation function is the library's
    useChatSession('bot', { mutationFn: async () => ({ sessionId: 1, serialNumber: 'bot', version: '1' }) })
    // @ts-expect-error the key is the library's, so useMutationState can find it
    useChatSession('bot', { mutationKey: ['mine'] })
    // @ts-expect-error a serial number is required
    useChatSession()
  })
})

describe('chatSessionMutationOptions', () => {
  test('spreads into useMutation', () => {
    const client = useHotTaskClient()
    expectTypeOf(client).toEqualTypeOf<HotTaskClient>()
    const chat = useMutation({ ...chatSessionMutationOptions(client, 'bot'), onSuccess: (session) => session.sessionId })
    expectTypeOf(chat).toEqualTypeOf<UseMutationResult<ChatSession, HotTaskError, void>>()
  })

  test('its key filters useMutationState', () => {
    const client = useHotTaskClient()
    const { mutationKey } = chatSessionMutationOptions(client, 'bot')
    expectTypeOf(mutationKey).toEqualTypeOf<readonly ['hottask', 'chat-session', string]>()
    const sessions = useMutationState({
      filters: { mutationKey },
      select: (mutation) => mutation.state.data as ChatSession | undefined,
    })
    expectTypeOf(sessions).toEqualTypeOf<Array<ChatSession | undefined>>()
  })
})

describe('HotTaskProvider', () => {
  test('its config has no shareInFlight (always on for a page)', () => {
    expectTypeOf<HotTaskProviderConfig>().not.toHaveProperty('shareInFlight')
    expectTypeOf<HotTaskProviderConfig>().toHaveProperty('baseUrl')
    // @ts-expect-error shareInFlight is not a provider option
    void (<HotTaskProvider config={{ baseUrl: '/api/hottask', shareInFlight: false }} />)
    // @ts-expect-error config is required
    void (<HotTaskProvider />)
  })
})

describe('useChat', () => {
  test('returns the conversation and its actions', () => {
    const chat = useChat('bot', { id: 'support', onError: (error) => expectTypeOf(error).toEqualTypeOf<HotTaskError>(), onReply: (reply, message) => [reply.content, message.id] })
    expectTypeOf(chat).toEqualTypeOf<UseChatResult>()
    expectTypeOf(chat.messages).toEqualTypeOf<ChatMessage[]>()
    expectTypeOf(chat.status).toEqualTypeOf<ChatStatus>()
    expectTypeOf<ChatStatus>().toEqualTypeOf<'ready' | 'submitted' | 'error'>()
    expectTypeOf(chat.sendMessage).toEqualTypeOf<(text: string) => Promise<void>>()
    expectTypeOf(chat.retry).toEqualTypeOf<(id?: string) => Promise<void>>()
    expectTypeOf(chat.error).toEqualTypeOf<HotTaskError | undefined>()
    expectTypeOf(chat.session).toEqualTypeOf<ChatSession | undefined>()
    expectTypeOf(chat.stop).toEqualTypeOf<() => void>()
    expectTypeOf<ChatMessage>().toEqualTypeOf<{
      id: string
      role: 'user' | 'assistant'
      content: string
      createdAt: number
      status: 'sending' | 'sent' | 'failed'
      error?: HotTaskError
      messageId?: number
    }>()
    // @ts-expect-error a serial number is required
    useChat()
    // @ts-expect-error the text is a string
    void chat.sendMessage({ content: 'hi' })
  })
})

describe('useSendMessage and chatMessageMutationOptions', () => {
  test("returns react-query's UseMutationResult<ChatReply, HotTaskError, string>", () => {
    const send = useSendMessage({ sessionId: 1 })
    expectTypeOf(send).toEqualTypeOf<UseMutationResult<ChatReply, HotTaskError, string>>()
    expectTypeOf<UseSendMessageResult>().toEqualTypeOf<UseMutationResult<ChatReply, HotTaskError, string>>()
    useSendMessage(undefined, { retry: 0, onSuccess: (reply) => expectTypeOf(reply).toEqualTypeOf<ChatReply>() })
    send.mutate('hello')
    // @ts-expect-error mutate takes the text
    send.mutate()
    // @ts-expect-error the mutation function is the library's
    useSendMessage({ sessionId: 1 }, { mutationFn: async () => ({ content: '', version: '' }) })
  })

  test('spreads into useMutation, keyed [hottask, message, sessionId]', () => {
    const options = chatMessageMutationOptions(useHotTaskClient(), { sessionId: 3 })
    expectTypeOf(options.mutationKey).toEqualTypeOf<readonly ['hottask', 'message', number | undefined]>()
    expectTypeOf(useMutation(options)).toEqualTypeOf<UseMutationResult<ChatReply, HotTaskError, string>>()
  })
})
