import { useMutation, useMutationState } from '@tanstack/react-query'
import { act, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { HotTaskError } from '../../src/core/errors'
import { hotTaskHandlers } from '../../src/msw'
import { chatSessionMutationOptions } from '../../src/react/chat-session-mutation-options'
import { useHotTaskClient } from '../../src/react/use-hottask-client'
import { requests, server } from '../support/msw-server'
import { renderWithProvider } from '../support/render-with-provider'

describe('chatSessionMutationOptions', () => {
  const client = createHotTaskClient({ maxRetries: 2 })
  const options = chatSessionMutationOptions(client, 'bot-1')
  const unavailable = new HotTaskError('http', 'x', { status: 503 })

  it('keys the mutation by serial number', () => {
    expect(options.mutationKey).toEqual(['hottask', 'chat-session', 'bot-1'])
  })

  it("makes one attempt per try and lets react-query retry with the client's policy", async () => {
    const spy = vi.spyOn(client, 'createChatSession').mockResolvedValue({ sessionId: 1, serialNumber: 'bot-1', version: '' })
    await options.mutationFn()
    expect(spy).toHaveBeenCalledWith('bot-1', { maxRetries: 0 })
    expect([0, 1, 2].map((n) => options.retry(n, unavailable))).toEqual([true, true, false])
    expect(options.retry(0, new HotTaskError('api', 'x'))).toBe(false)
    expect(options.retry(0, new HotTaskError('http', 'x', { status: 503, retryAfterMs: 61_000 }))).toBe(false)
  })

  it('waits as the policy says: Retry-After, else backoff with jitter', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    const fresh = () => new HotTaskError('http', 'x', { status: 503 })
    expect(options.retryDelay(0, new HotTaskError('http', 'x', { status: 429, retryAfterMs: 1234 }))).toBe(1234)
    expect(options.retryDelay(0, fresh())).toBe(500)
    expect(options.retryDelay(1, fresh())).toBe(1000)
  })

  it('still waits when your own retry goes past the policy: Retry-After capped at 60 s, else backoff', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    expect(options.retryDelay(5, new HotTaskError('http', 'x', { status: 429, retryAfterMs: 120_000 }))).toBe(60_000)
    expect(options.retryDelay(5, new HotTaskError('http', 'x', { status: 401 }))).toBe(8000)
  })

  it('composes with useMutation and useMutationState', async () => {
    server.use(hotTaskHandlers.success({ sessionId: 12 }))
    const onSuccess = vi.fn()
    const { result } = renderWithProvider(() => {
      const hotTask = useHotTaskClient()
      const mutation = useMutation({ ...chatSessionMutationOptions(hotTask, 'bot-1'), onSuccess })
      const sessions = useMutationState({
        filters: { mutationKey: ['hottask', 'chat-session', 'bot-1'], status: 'success' },
        select: (m) => (m.state.data as { sessionId: number } | undefined)?.sessionId,
      })
      return { mutation, sessions }
    })
    act(() => result.current.mutation.mutate())
    await waitFor(() => expect(result.current.sessions).toEqual([12]))
    expect(onSuccess).toHaveBeenCalledTimes(1)
    expect(requests).toHaveLength(1)
  })
})
