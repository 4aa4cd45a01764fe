import { onlineManager } from '@tanstack/react-query'
import { act, render, screen, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { StrictMode, useEffect } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { HotTaskError } from '../../src/core/errors'
import { hotTaskHandlers } from '../../src/msw'
import { HotTaskProvider } from '../../src/react/provider'
import { useChatSession } from '../../src/react/use-chat-session'
import { requests, server } from '../support/msw-server'
import { renderWithProvider } from '../support/render-with-provider'

afterEach(() => vi.useRealTimers())

describe('useChatSession', () => {
  it('creates a session on mutate(): idle → pending → success', async () => {
    server.use(hotTaskHandlers.success({ sessionId: 4242, delayMs: 500 }))
    const { result } = renderWithProvider(() => useChatSession('bot-1'))
    expect(result.current.isIdle).toBe(true)
    act(() => result.current.mutate())
    await waitFor(() => expect(result.current.isPending).toBe(true))
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(result.current.data).toEqual({ sessionId: 4242, serialNumber: 'bot-1', version: '1.0.0' })
    expect(await requests[0]!.clone().json()).toEqual({ serialNumber: 'bot-1' })
  })

  it('resolves mutateAsync with the session', async () => {
    server.use(hotTaskHandlers.success({ sessionId: 9 }))
    const { result } = renderWithProvider(() => useChatSession('bot-1'))
    let session: unknown
    await act(async () => {
      session = await result.current.mutateAsync()
    })
    expect(session).toMatchObject({ sessionId: 9 })
  })

  it('uses the mutation key [hottask, chat-session, serialNumber]', async () => {
    server.use(hotTaskHandlers.success())
    const { result, queryClient } = renderWithProvider(() => useChatSession('bot-7'))
    act(() => result.current.mutate())
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(queryClient.getMutationCache().getAll()[0]!.options.mutationKey).toEqual(['hottask', 'chat-session', 'bot-7'])
  })

  it.each([
    ['api', hotTaskHandlers.businessError({ code: 404, message: 'Chatbot not found' }), /Chatbot not found/],
    ['http', hotTaskHandlers.httpError({ status: 401, message: 'Unauthorized' }), /HTTP 401: Unauthorized/],
    ['invalid-response', hotTaskHandlers.malformed(), /other than its JSON envelope/],
  ])('reports a %s error without retrying it', async (kind, handler, message) => {
    server.use(handler)
    const { result } = renderWithProvider(() => useChatSession('bot-1'))
    act(() => result.current.mutate())
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(result.current.error).toMatchObject({ kind, retryable: false })
    expect(result.current.error!.message).toMatch(message)
    expect(result.current.failureCount).toBe(1)
    expect(requests).toHaveLength(1)
  })

  it('reports invalid-input without sending anything', async () => {
    server.use(hotTaskHandlers.success())
    const { result } = renderWithProvider(() => useChatSession('  '))
    act(() => result.current.mutate())
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(result.current.error).toMatchObject({ kind: 'invalid-input' })
    expect(requests).toHaveLength(0)
  })

  describe('retries through react-query', () => {
    it('retries a network error twice (3 attempts), with failureCount and failureReason live', async () => {
      vi.useFakeTimers()
      server.use(hotTaskHandlers.networkError())
      const { result } = renderWithProvider(() => useChatSession('bot-1'))
      act(() => result.current.mutate())
      await act(() => vi.advanceTimersByTimeAsync(0))
      expect(result.current.failureCount).toBe(1)
      expect(result.current.failureReason).toMatchObject({ kind: 'network' })
      expect(result.current.isPending).toBe(true)
      await act(() => vi.runAllTimersAsync())
      expect(result.current.isError).toBe(true)
      expect(result.current.failureCount).toBe(3)
      expect(result.current.error).toMatchObject({ kind: 'network' })
      expect(requests).toHaveLength(3)
    })

    it("stops at the provider's maxRetries", async () => {
      vi.useFakeTimers()
      server.use(hotTaskHandlers.httpError({ status: 503 }))
      const { result } = renderWithProvider(() => useChatSession('bot-1'), { maxRetries: 0 })
      act(() => result.current.mutate())
      await act(() => vi.runAllTimersAsync())
      expect(result.current.error).toMatchObject({ kind: 'http', status: 503 })
      expect(requests).toHaveLength(1)
    })

    it('waits for Retry-After before the next attempt, then succeeds', async () => {
      vi.useFakeTimers()
      server.use(hotTaskHandlers.failThenSucceed({ failures: 1, status: 429, retryAfter: 2, sessionId: 55 }))
      const { result } = renderWithProvider(() => useChatSession('bot-1'))
      act(() => result.current.mutate())
      await act(() => vi.advanceTimersByTimeAsync(1999))
      expect(requests).toHaveLength(1)
      expect(result.current.failureReason).toMatchObject({ kind: 'http', status: 429, retryAfterMs: 2000 })
      await act(() => vi.advanceTimersByTimeAsync(1))
      await act(() => vi.runAllTimersAsync())
      expect(requests).toHaveLength(2)
      expect(result.current.data?.sessionId).toBe(55)
    })

    it('gives up at once when Retry-After is over 60 s', async () => {
      vi.useFakeTimers()
      server.use(hotTaskHandlers.httpError({ status: 503, retryAfter: 120 }))
      const { result } = renderWithProvider(() => useChatSession('bot-1'))
      act(() => result.current.mutate())
      await act(() => vi.advanceTimersByTimeAsync(0))
      expect(result.current.error).toMatchObject({ kind: 'http', retryAfterMs: 120_000 })
      expect(requests).toHaveLength(1)
    })

    it('lets options override retry and retryDelay', async () => {
      vi.useFakeTimers()
      server.use(hotTaskHandlers.httpError({ status: 401 }))
      const retryDelay = vi.fn((_failureCount: number, _error: HotTaskError) => 10)
      const { result } = renderWithProvider(() => useChatSession('bot-1', { retry: 4, retryDelay }))
      act(() => result.current.mutate())
      await act(() => vi.runAllTimersAsync())
      expect(requests).toHaveLength(5)
      expect(retryDelay).toHaveBeenCalled()
      expect(retryDelay.mock.calls.every(([, error]) => error.status === 401)).toBe(true)
    })

    it('keeps the policy when an option is passed as undefined', async () => {
      vi.useFakeTimers()
      server.use(hotTaskHandlers.networkError())
      const { result } = renderWithProvider(() => useChatSession('bot-1', { retry: undefined, retryDelay: undefined }))
      act(() => result.current.mutate())
      await act(() => vi.runAllTimersAsync())
      expect(requests).toHaveLength(3)
    })

    it('still honours Retry-After when only retry is overridden', async () => {
      vi.useFakeTimers()
      server.use(hotTaskHandlers.httpError({ status: 401, retryAfter: 5 }))
      const { result } = renderWithProvider(() => useChatSession('bot-1', { retry: 1 }))
      act(() => result.current.mutate())
      await act(() => vi.advanceTimersByTimeAsync(4999))
      expect(requests).toHaveLength(1)
      await act(() => vi.advanceTimersByTimeAsync(1))
      expect(requests).toHaveLength(2)
    })

    it('turns retries off with retry: false', async () => {
      vi.useFakeTimers()
      server.use(hotTaskHandlers.networkError())
      const { result } = renderWithProvider(() => useChatSession('bot-1', { retry: false }))
      act(() => result.current.mutate())
      await act(() => vi.runAllTimersAsync())
      expect(result.current.isError).toBe(true)
      expect(requests).toHaveLength(1)
    })
  })

  it('pauses while offline (isPaused) and sends when back online', async () => {
    server.use(hotTaskHandlers.success({ sessionId: 3 }))
    onlineManager.setOnline(false)
    try {
      const { result } = renderWithProvider(() => useChatSession('bot-1'))
      act(() => result.current.mutate())
      await waitFor(() => expect(result.current.isPaused).toBe(true))
      expect(requests).toHaveLength(0)
      act(() => onlineManager.setOnline(true))
      await waitFor(() => expect(result.current.data?.sessionId).toBe(3))
    } finally {
      onlineManager.setOnline(true)
    }
  })

  it('passes callbacks through (onSuccess, onError)', async () => {
    server.use(hotTaskHandlers.success({ sessionId: 8 }))
    const onSuccess = vi.fn()
    const { result } = renderWithProvider(() => useChatSession('bot-1', { onSuccess }))
    act(() => result.current.mutate())
    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(1))
    expect(onSuccess.mock.calls[0]![0]).toMatchObject({ sessionId: 8 })
  })

  describe('one session per visitor action', () => {
    it('a double click creates one session', async () => {
      server.use(hotTaskHandlers.success({ delayMs: 20 }))
      const { result } = renderWithProvider(() => useChatSession('bot-1'))
      act(() => {
        result.current.mutate()
        result.current.mutate()
      })
      await waitFor(() => expect(result.current.isSuccess).toBe(true))
      expect(requests).toHaveLength(1)
    })

    it('a double click creates one session even when the first attempt fails and is retried', async () => {
      vi.useFakeTimers()
      server.use(hotTaskHandlers.failThenSucceed({ failures: 1, status: 503, delayMs: 20 }))
      const { result } = renderWithProvider(() => useChatSession('bot-1'))
      act(() => {
        result.current.mutate()
        result.current.mutate()
      })
      await act(() => vi.runAllTimersAsync())
      expect(result.current.isSuccess).toBe(true)
      expect(requests).toHaveLength(2)
    })

    it('mutate() from an effect under StrictMode creates one session', async () => {
      server.use(hotTaskHandlers.success({ delayMs: 20 }))
      function AutoStart() {
        const { mutate, data } = useChatSession('bot-1')
        useEffect(() => mutate(), [mutate])
        return <p>{data ? `session ${data.sessionId}` : 'starting'}</p>
      }
      render(
        <StrictMode>
          <HotTaskProvider config={{}}>
            <AutoStart />
          </HotTaskProvider>
        </StrictMode>,
      )
      await screen.findByText('session 123456')
      expect(requests).toHaveLength(1)
    })

    it('a call after the first settled creates a new session', async () => {
      server.use(hotTaskHandlers.success())
      const { result } = renderWithProvider(() => useChatSession('bot-1'))
      const first = await act(() => result.current.mutateAsync())
      const second = await act(() => result.current.mutateAsync())
      expect(second.sessionId).not.toBe(first.sessionId)
      await waitFor(() => expect(result.current.data).toEqual(second))
      expect(requests).toHaveLength(2)
    })

    it('different serial numbers are not shared', async () => {
      server.use(hotTaskHandlers.success({ delayMs: 20 }))
      const { result } = renderWithProvider(() => [useChatSession('bot-1'), useChatSession('bot-2')] as const)
      act(() => {
        result.current[0].mutate()
        result.current[1].mutate()
      })
      await waitFor(() => expect(result.current.every((chat) => chat.isSuccess)).toBe(true))
      expect(requests).toHaveLength(2)
    })
  })

  it('reaches msw handlers written by hand too', async () => {
    server.use(http.post('*/chat/Chatbot/GetSession', () => HttpResponse.json({ Data: { SessionID: 1 }, Version: 'x', Success: true, Code: 200, Message: '' })))
    const { result } = renderWithProvider(() => useChatSession('bot-1'))
    act(() => result.current.mutate())
    await waitFor(() => expect(result.current.data).toEqual({ sessionId: 1, serialNumber: 'bot-1', version: 'x' }))
  })
})

describe('useChatSession behind the proxy with rateLimit (the RateLimitedByProxy story)', () => {
  it("shows the wait of the proxy's 429, then succeeds once the client's window has ended", async () => {
    // setImmediate stays real: where the proxy signs a session's token with Web Crypto (a runtime without
    // node:crypto), the signing completes off the event loop, where fake timers cannot move it. `settled` lets it land, then runs the timers due now. The clock only
    // moves synchronously here: an async tick yields to the event loop, and a signing that lands then would have
    // react-query's zero-delay timers scheduled 1 ms later, beyond a tick of 0.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    const tick = (ms: number) => act(() => vi.advanceTimersByTime(ms))
    const settled = async (done: () => boolean) => {
      // performance.now() is not faked: the wait is bounded in real time, however slow the machine.
      for (const giveUpAt = performance.now() + 5_000; !done() && performance.now() < giveUpAt; )
        await act(async () => {
          await new Promise((resolve) => setImmediate(resolve))
          vi.advanceTimersByTime(0)
        })
    }
    // Imported here so this block stays self-contained: the real proxy handler, behind msw, with a real upstream fake.
    const { createHotTaskHandler } = await import('../../src/server')
    const upstream = vi.fn(async () => HttpResponse.json({ Data: { SessionID: upstream.mock.calls.length }, Version: '1.0.0', Success: true, Code: 200, Message: '' }))
    const proxy = createHotTaskHandler({
      apiKey: 'sk-test-secret',
      allowedSerialNumbers: ['bot-1'],
      fetch: upstream,
      rateLimit: { limit: 1, windowMs: 1_500, clientKey: () => 'one-visitor' },
    })
    server.use(http.post('*/api/hottask/chat/Chatbot/GetSession', ({ request }) => proxy(request)))
    const { result } = renderWithProvider(() => useChatSession('bot-1'), { baseUrl: '/api/hottask' })

    act(() => result.current.mutate())
    await settled(() => result.current.isSuccess)
    expect(result.current.data?.sessionId).toBe(1)

    // The second session is over the limit: the hook shows the 429 and the wait the proxy asked for.
    act(() => result.current.mutate())
    await settled(() => result.current.failureCount === 1)
    expect(result.current.isPending).toBe(true)
    expect(result.current.failureCount).toBe(1)
    expect(result.current.failureReason).toMatchObject({ kind: 'http', status: 429, code: 429, retryAfterMs: 1_500 })
    expect(result.current.failureReason?.message).toContain('Too many chat sessions from this client')
    tick(1_499)
    expect(requests).toHaveLength(2)
    expect(upstream).toHaveBeenCalledTimes(1)

    // The window ends as the wait does: the retry is served.
    tick(1)
    await settled(() => result.current.isSuccess)
    expect(result.current.isSuccess).toBe(true)
    expect(result.current.data?.sessionId).toBe(2)
    expect(result.current.failureCount).toBe(0)
    expect(requests).toHaveLength(3)
  })
})
