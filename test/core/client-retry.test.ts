import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { envelope, jsonReply, scriptedFetch } from '../support/replies'

const unavailable = (headers: Record<string, string> = {}) => new Response('', { status: 503, headers })
const ok = (id = 1) => jsonReply(envelope({ Data: { SessionID: id } }))

beforeEach(() => vi.useFakeTimers({ now: Date.parse('2026-11-25T12:00:00Z') }))
afterEach(() => vi.useRealTimers())

describe('createChatSession: retries', () => {
  it('makes at most maxRetries + 1 attempts (default 3)', async () => {
    const { fetch, requests } = scriptedFetch(unavailable())
    const call = createHotTaskClient({ fetch }).createChatSession('a').catch((e: unknown) => e)
    await vi.runAllTimersAsync()
    expect(await call).toMatchObject({ kind: 'http', status: 503 })
    expect(requests).toHaveLength(3)
  })

  it.each([0, 1, 4])('makes %i + 1 attempts with maxRetries %i', async (maxRetries) => {
    const { fetch, requests } = scriptedFetch(unavailable())
    const call = createHotTaskClient({ fetch, maxRetries }).createChatSession('a').catch(() => {})
    await vi.runAllTimersAsync()
    await call
    expect(requests).toHaveLength(maxRetries + 1)
  })

  it('lets one call override maxRetries (0 = one attempt)', async () => {
    const { fetch, requests } = scriptedFetch(unavailable())
    const call = createHotTaskClient({ fetch, maxRetries: 5 }).createChatSession('a', { maxRetries: 0 }).catch(() => {})
    await vi.runAllTimersAsync()
    await call
    expect(requests).toHaveLength(1)
  })

  it('returns the session once a retry succeeds', async () => {
    const { fetch, requests } = scriptedFetch(unavailable(), new TypeError('reset'), ok(77))
    const call = createHotTaskClient({ fetch }).createChatSession('a')
    await vi.runAllTimersAsync()
    await expect(call).resolves.toMatchObject({ sessionId: 77 })
    expect(requests).toHaveLength(3)
  })

  it('backs off 500 ms then 1000 ms (less jitter)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    const { fetch, requests } = scriptedFetch(unavailable())
    const call = createHotTaskClient({ fetch }).createChatSession('a').catch(() => {})
    await vi.advanceTimersByTimeAsync(499)
    expect(requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(requests).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(999)
    expect(requests).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(requests).toHaveLength(3)
    await call
  })

  it.each([
    ['Retry-After in seconds', { 'Retry-After': '3' }],
    ['Retry-After as an HTTP date', { 'Retry-After': 'Wed, 25 Nov 2026 12:00:03 GMT' }],
    ['retry-after-ms', { 'retry-after-ms': '3000' }],
  ])('waits as long as %s asks', async (_, headers) => {
    const { fetch, requests } = scriptedFetch(unavailable(headers), ok())
    const call = createHotTaskClient({ fetch }).createChatSession('a')
    await vi.advanceTimersByTimeAsync(2999)
    expect(requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(requests).toHaveLength(2)
    await expect(call).resolves.toMatchObject({ sessionId: 1 })
  })

  it('honours Retry-After on 429 too', async () => {
    const { fetch, requests } = scriptedFetch(new Response('', { status: 429, headers: { 'Retry-After': '2' } }), ok())
    const call = createHotTaskClient({ fetch }).createChatSession('a')
    await vi.advanceTimersByTimeAsync(1999)
    expect(requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    await expect(call).resolves.toMatchObject({ sessionId: 1 })
  })

  it('returns the error instead of waiting past 60 s', async () => {
    const { fetch, requests } = scriptedFetch(unavailable({ 'Retry-After': '61' }), ok())
    const error = await createHotTaskClient({ fetch }).createChatSession('a').catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'http', status: 503, retryAfterMs: 61_000 })
    expect(requests).toHaveLength(1)
  })

  it('does not retry what is not retryable', async () => {
    const { fetch, requests } = scriptedFetch(new Response('', { status: 401 }), ok())
    await expect(createHotTaskClient({ fetch }).createChatSession('a')).rejects.toMatchObject({ status: 401 })
    expect(requests).toHaveLength(1)
  })
})
