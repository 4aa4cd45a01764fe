import { useMutation, useMutationState } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { HotTaskError } from '../../src/core/errors'
import { chatMessageMutationOptions } from '../../src/react/chat-message-mutation-options'
import { useChatSession } from '../../src/react/use-chat-session'
import { useHotTaskClient } from '../../src/react/use-hottask-client'
import { useSendMessage } from '../../src/react/use-send-message'
import { answerWith, fakeHotTask, refusalWith } from '../support/fake-hottask'
import { renderWithProvider } from '../support/render-with-provider'

describe('chatMessageMutationOptions', () => {
  const client = createHotTaskClient({ maxRetries: 2 })
  const session = { sessionId: 7, sessionToken: 't' }
  const options = chatMessageMutationOptions(client, session)

  it('keys the mutation by session id', () => {
    expect(options.mutationKey).toEqual(['hottask', 'message', 7])
    expect(chatMessageMutationOptions(client, undefined).mutationKey).toEqual(['hottask', 'message', undefined])
  })

  it('makes one attempt per try; react-query retries only HTTP 429 and 503, up to the client maxRetries', async () => {
    const spy = vi.spyOn(client, 'sendMessage').mockResolvedValue({ content: 'a', version: '1.0.0' })
    await options.mutationFn('hello')
    expect(spy).toHaveBeenCalledWith(session, 'hello', { maxRetries: 0 })
    const busy = new HotTaskError('http', 'x', { status: 503 })
    expect([0, 1, 2].map((n) => options.retry(n, busy))).toEqual([true, true, false])
    expect(options.retry(0, new HotTaskError('http', 'x', { status: 429 }))).toBe(true)
    expect(options.retry(0, new HotTaskError('http', 'x', { status: 500 }))).toBe(false)
    expect(options.retry(0, new HotTaskError('timeout', 'x'))).toBe(false)
    expect(options.retry(0, new HotTaskError('network', 'x'))).toBe(false)
  })

  it('waits as Retry-After says, else backs off', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    expect(options.retryDelay(0, new HotTaskError('http', 'x', { status: 429, retryAfterMs: 1500 }))).toBe(1500)
    expect(options.retryDelay(1, new HotTaskError('http', 'x', { status: 503 }))).toBe(1000)
  })

  it('fails with invalid-input while the session does not exist yet', async () => {
    await expect(chatMessageMutationOptions(client, undefined).mutationFn('hi')).rejects.toMatchObject({ kind: 'invalid-input' })
  })
})

describe('useSendMessage', () => {
  it('sends mutate(text) in the session and gives the reply, under the key [hottask, message, sessionId]', async () => {
    const hotTask = fakeHotTask()
    const { result, queryClient } = renderWithProvider(() => useSendMessage({ sessionId: 42, sessionToken: 'token-42' }), {
      baseUrl: 'http://hottask.test',
      fetch: hotTask.fetch,
    })
    act(() => result.current.mutate('hello'))
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.data).toEqual({ content: 'You said: hello', messageId: 1001, totalTokens: 10, version: '1.0.0' })
    expect(hotTask.messages).toMatchObject([{ sessionID: 42, content: 'hello', sessionToken: 'token-42' }])
    expect(queryClient.getMutationCache().getAll()[0]!.options.mutationKey).toEqual(['hottask', 'message', 42])
  })

  it('composes with useChatSession: the session first, then messages in it', async () => {
    const hotTask = fakeHotTask()
    const { result } = renderWithProvider(
      () => {
        const session = useChatSession('bot-1')
        return { session, send: useSendMessage(session.data) }
      },
      { baseUrl: 'http://hottask.test', fetch: hotTask.fetch },
    )
    act(() => result.current.send.mutate('too early'))
    await waitFor(() => expect(result.current.send.error).toMatchObject({ kind: 'invalid-input' }))
    await act(() => result.current.session.mutateAsync())
    act(() => result.current.send.mutate('now'))
    await waitFor(() => expect(result.current.send.data).toMatchObject({ content: 'You said: now' }))
    expect(hotTask.messages).toMatchObject([{ sessionID: 100, content: 'now' }])
  })

  it('retries a 503 through react-query (failureCount live), but not a 500', async () => {
    vi.useFakeTimers()
    const hotTask = fakeHotTask()
    hotTask.onMessage = (message) => (message.content === 'busy' && hotTask.messages.length === 1 ? refusalWith(503) : message.content === 'broken' ? refusalWith(500) : answerWith('ok'))
    const { result } = renderWithProvider(() => useSendMessage({ sessionId: 1 }), { baseUrl: 'http://hottask.test', fetch: hotTask.fetch })
    act(() => result.current.mutate('busy'))
    await act(() => vi.advanceTimersByTimeAsync(0))
    expect(result.current.failureCount).toBe(1)
    await act(() => vi.runAllTimersAsync())
    expect(result.current.data).toMatchObject({ content: 'ok' })
    expect(hotTask.messages).toHaveLength(2)
    act(() => result.current.mutate('broken'))
    await act(() => vi.runAllTimersAsync())
    expect(result.current.error).toMatchObject({ kind: 'http', status: 500 })
    expect(hotTask.messages).toHaveLength(3)
    vi.useRealTimers()
  })

  it('takes useMutation options; an unset retry keeps the policy, a given one replaces it', async () => {
    const hotTask = fakeHotTask()
    hotTask.onMessage = () => refusalWith(503, 'busy', { 'retry-after-ms': '1' })
    const onError = vi.fn()
    const kept = renderWithProvider(() => useSendMessage({ sessionId: 1 }, { retry: undefined }), { baseUrl: 'http://hottask.test', fetch: hotTask.fetch })
    act(() => kept.result.current.mutate('a'))
    await waitFor(() => expect(kept.result.current.isError).toBe(true))
    expect(hotTask.messages).toHaveLength(3)
    const replaced = renderWithProvider(() => useSendMessage({ sessionId: 1 }, { retry: false, onError }), { baseUrl: 'http://hottask.test', fetch: hotTask.fetch })
    act(() => replaced.result.current.mutate('b'))
    await waitFor(() => expect(replaced.result.current.isError).toBe(true))
    expect(hotTask.messages).toHaveLength(4)
    expect(onError).toHaveBeenCalledTimes(1)
  })

  it('composes with useMutation and useMutationState by its key', async () => {
    const hotTask = fakeHotTask()
    const { result } = renderWithProvider(
      () => {
        const mutation = useMutation(chatMessageMutationOptions(useHotTaskClient(), { sessionId: 5 }))
        const replies = useMutationState({ filters: { mutationKey: ['hottask', 'message', 5] }, select: (m) => (m.state.data as { content: string } | undefined)?.content })
        return { mutation, replies }
      },
      { baseUrl: 'http://hottask.test', fetch: hotTask.fetch },
    )
    act(() => result.current.mutation.mutate('hi'))
    await waitFor(() => expect(result.current.replies).toEqual(['You said: hi']))
  })

  it('throws at render outside a HotTaskProvider, naming it', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => renderHook(() => useSendMessage({ sessionId: 1 }))).toThrow(/useSendMessage\(\) must be called inside <HotTaskProvider>/)
  })
})
