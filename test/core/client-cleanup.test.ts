import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { countedSignal } from '../support/counted-signal'
import { envelope, hangingFetch, jsonReply, scriptedFetch } from '../support/replies'

// What a call leaves behind once it has settled: a timer keeps a server process (or a test run) alive,
// and a listener on a long-lived signal (a page's, a request's) grows with every call made under it.

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

const unavailable = () => new Response('', { status: 503 })

describe('a settled call leaves nothing running', () => {
  it('no timer after a success: the timeout of the attempt is cleared', async () => {
    const { fetch } = scriptedFetch(jsonReply(envelope()))
    await expect(createHotTaskClient({ fetch }).createChatSession('a')).resolves.toMatchObject({ sessionId: 123456 })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('no timer after a failure that is not retried', async () => {
    const { fetch } = scriptedFetch(new Response('', { status: 401 }))
    await expect(createHotTaskClient({ fetch }).createChatSession('a')).rejects.toMatchObject({ status: 401 })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('no timer after an abort during the wait before a retry', async () => {
    const { fetch, requests } = scriptedFetch(unavailable())
    const controller = new AbortController()
    const call = createHotTaskClient({ fetch }).createChatSession('a', { signal: controller.signal }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(100)
    expect(requests).toHaveLength(1)
    controller.abort()
    expect(await call).toMatchObject({ kind: 'aborted', message: 'The HotTask request was aborted.' })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('no timer after an abort during the attempt', async () => {
    const { fetch } = hangingFetch()
    const controller = new AbortController()
    const call = createHotTaskClient({ fetch }).createChatSession('a', { signal: controller.signal }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(0)
    controller.abort()
    expect(await call).toMatchObject({ kind: 'aborted' })
    await vi.advanceTimersByTimeAsync(0)
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe("a caller's signal keeps no listener of a settled call", () => {
  it('after a success, a failure, and a success after retries', async () => {
    const { signal, listening } = countedSignal()
    const { fetch } = scriptedFetch(jsonReply(envelope()), new Response('', { status: 401 }), unavailable(), jsonReply(envelope()))
    const client = createHotTaskClient({ fetch })
    await client.createChatSession('a', { signal })
    expect(listening.size).toBe(0)
    await expect(client.createChatSession('a', { signal })).rejects.toMatchObject({ status: 401 })
    expect(listening.size).toBe(0)
    const retried = client.createChatSession('a', { signal })
    await vi.runAllTimersAsync()
    await expect(retried).resolves.toMatchObject({ sessionId: 123456 })
    expect(listening.size).toBe(0)
  })

  it('while the call runs, it listens, so that an abort reaches it', async () => {
    const { signal, listening } = countedSignal()
    const { fetch } = hangingFetch()
    createHotTaskClient({ fetch })
      .createChatSession('a', { signal })
      .catch(() => {})
    await vi.advanceTimersByTimeAsync(0)
    expect(listening.size).toBeGreaterThan(0)
  })
})
