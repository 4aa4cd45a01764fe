import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { MAX_REPLY_BYTES } from '../../src/core/constants'
import type { HotTaskError } from '../../src/core/errors'
import { envelope, scriptedFetch } from '../support/replies'

afterEach(() => vi.useRealTimers())

const CHUNK = 16 * 1024

/** A reply body of `total` bytes served in 16 KiB chunks, counting what the client pulls and whether it cancelled. */
function countedBody(total: number, content = (offset: number) => new Uint8Array(Math.min(CHUNK, total - offset)).fill(0x20)) {
  const seen = { pulled: 0, cancelled: false }
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.pulled >= total) return controller.close()
        const chunk = content(seen.pulled)
        seen.pulled += chunk.byteLength
        controller.enqueue(chunk)
      },
      cancel() {
        seen.cancelled = true
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, seen }
}

function call(fetch: typeof globalThis.fetch, timeoutMs?: number) {
  return createHotTaskClient({ fetch, maxRetries: 2, timeoutMs }).createChatSession('a')
}

describe('the client reads at most 64 KiB of a reply', () => {
  it('refuses a success envelope padded past 64 KiB as invalid-response, and does not retry it', async () => {
    const body = JSON.stringify(envelope()) + ' '.repeat(MAX_REPLY_BYTES)
    const { fetch, requests } = scriptedFetch(() => new Response(body))
    const error = (await call(fetch).catch((e: unknown) => e)) as HotTaskError
    expect(error).toMatchObject({ kind: 'invalid-response', retryable: false, status: 200 })
    expect(error.message).toMatch(/64 KiB/)
    expect(requests).toHaveLength(1)
  })

  it('still reads a reply of exactly 64 KiB', async () => {
    const text = JSON.stringify(envelope())
    const body = text + ' '.repeat(MAX_REPLY_BYTES - text.length)
    const { fetch } = scriptedFetch(() => new Response(body))
    await expect(call(fetch)).resolves.toMatchObject({ sessionId: 123456 })
  })

  it('stops pulling a 10 MB body soon after 64 KiB and cancels it, instead of buffering it whole', async () => {
    const { stream, seen } = countedBody(10 * 1024 * 1024)
    const { fetch } = scriptedFetch(() => new Response(stream, { status: 503 }))
    const error = (await call(fetch).catch((e: unknown) => e)) as HotTaskError
    expect(error).toMatchObject({ kind: 'invalid-response', retryable: false, status: 503 })
    expect(seen.pulled).toBeLessThanOrEqual(MAX_REPLY_BYTES + 2 * CHUNK)
    expect(seen.cancelled).toBe(true)
  })

  it('reads nothing of a body whose Content-Length is over 64 KiB', async () => {
    const { stream, seen } = countedBody(10 * 1024 * 1024)
    const fetch = (async () => new Response(stream, { headers: { 'content-length': String(10 * 1024 * 1024) } })) as typeof globalThis.fetch
    await expect(call(fetch)).rejects.toMatchObject({ kind: 'invalid-response' })
    expect(seen.pulled).toBeLessThanOrEqual(CHUNK)
    expect(seen.cancelled).toBe(true)
  })

  it('ends a stalled body as a timeout at timeoutMs, even from a fetch that ignores its signal', async () => {
    vi.useFakeTimers()
    const stalled = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"Succ')) })
    const fetch = (async () => new Response(stalled)) as typeof globalThis.fetch
    let outcome: unknown
    createHotTaskClient({ fetch, maxRetries: 0, timeoutMs: 1_000 })
      .createChatSession('a')
      .then(
        (session) => (outcome = session),
        (error: unknown) => (outcome = error),
      )
    await vi.advanceTimersByTimeAsync(999)
    expect(outcome).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(outcome).toMatchObject({ kind: 'timeout', retryable: true })
  })
})
