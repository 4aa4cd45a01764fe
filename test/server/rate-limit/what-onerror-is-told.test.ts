import { describe, expect, it, vi } from 'vitest'
import { createHotTaskHandler, type RateLimitOptions } from '../../../src/server'
import { successBody } from '../loopback'
import { read } from '../secret'
import { sessionRequest } from '../requests'

const SERIAL = 'bot-1'
const call = () => sessionRequest(SERIAL)

function setup(rateLimit: RateLimitOptions) {
  const upstream = vi.fn(async () => new Response(successBody(), { headers: { 'content-type': 'application/json' } }))
  const onError = vi.fn()
  const handler = createHotTaskHandler({ apiKey: 'sk-test-key-000', allowedSerialNumbers: [SERIAL], fetch: upstream, onError, rateLimit })
  return { handler, upstream, onError }
}

describe('rateLimit: what onError is told, so the fix is obvious from the log', () => {
  it.each([
    ['', 'an empty string'],
    ['x'.repeat(300), 'a key of 300 characters (at most 256)'],
    [undefined, 'undefined'],
    [null, 'a null instead of a string'],
    [42, 'a number instead of a string'],
  ])('a clientKey that returns %j is named as %s', async (key, described) => {
    const { handler, upstream, onError } = setup({ limit: 1, windowMs: 60_000, clientKey: () => key as string })
    const { status, body } = await read(await handler(call()))
    expect(status).toBe(500)
    expect(body.Message).toBe('The server cannot identify the client, so it cannot apply its rate limit.')
    expect(onError).toHaveBeenCalledTimes(1)
    expect((onError.mock.calls[0]![0] as Error).message).toBe(
      `HotTask config: rateLimit.clientKey returned ${described}, so the request was refused with 500.`,
    )
    expect(upstream).not.toHaveBeenCalled()
  })

  it.each([
    [null, 'null'],
    [{ count: '1', resetAt: 0 }, 'object'],
    [{ count: Number.NaN, resetAt: 0 }, 'object'],
    [{ count: 1, resetAt: Number.POSITIVE_INFINITY }, 'object'],
    [7, 'number'],
  ])('a store whose hit gives %j is a 503, and onError names the contract', async (hit, got) => {
    const { handler, upstream, onError } = setup({ limit: 1, windowMs: 60_000, clientKey: () => 'a', store: { hit: () => hit as never } })
    const { status, body } = await read(await handler(call()))
    expect(status).toBe(503)
    expect(body.Message).toBe('The rate limiter is unavailable; try again shortly.')
    expect((onError.mock.calls[0]![0] as Error).message).toBe(`rateLimit.store.hit must return { count, resetAt } numbers, got ${got}.`)
    expect(upstream).not.toHaveBeenCalled()
  })

  it('the 429 says the limit and window in seconds, and when to try again', async () => {
    const { handler } = setup({ limit: 1, windowMs: 90_000, clientKey: () => 'a', store: { hit: () => ({ count: 2, resetAt: Date.now() + 30_000 }) } })
    const { status, body, headers } = await read(await handler(call()))
    expect(status).toBe(429)
    expect(body.Message).toMatch(/^Too many chat sessions from this client: the limit is 1 per 90 s\. Try again in (29|30) s\.$/)
    expect(headers.get('retry-after')).toMatch(/^(29|30)$/)
  })
})

describe('rateLimit in a Fetch runtime without clientKey', () => {
  it('onError names the fix: set clientKey to your platform\'s client address', async () => {
    const { handler, onError } = setup({ limit: 1, windowMs: 60_000 })
    expect((await handler(call())).status).toBe(500)
    const { message } = onError.mock.calls[0]![0] as Error
    expect(message).toContain('rateLimit cannot tell who the client is: this runtime gives the handler no client address (only toNodeHandler does).')
    expect(message).toContain("e.g. (request) => request.headers.get('x-real-ip') on Vercel. Until then every request is refused with 500.")
  })
})
