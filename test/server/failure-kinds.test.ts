import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskHandler, type HotTaskHandler, type HotTaskHandlerOptions, type RepeatedFailures } from '../../src/server'
import { sessionRequest } from './requests'
import { API_KEY } from './secret'

// Which kind each failure of the handler is reported as: failures of one kind within a second are counted into one
// RepeatedFailures of that kind, failures of another kind are told at once.

const SERIAL = 'bot-1'

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllEnvs()
})

function setup(options: Partial<HotTaskHandlerOptions>) {
  // Only the clocks: the handler's streams and Web Crypto keep their own scheduling.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  const onError = vi.fn()
  const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], onError, ...options })
  return { handler, onError }
}

const statusOf = async (handler: HotTaskHandler, request = sessionRequest(SERIAL), env?: object) => (await handler(request, env)).status

/** After the failures sent: one told at once, the rest counted into one report of `kind` a second later. */
async function expectOneKind(onError: ReturnType<typeof vi.fn>, kind: string, count: number) {
  expect(onError).toHaveBeenCalledOnce()
  await vi.advanceTimersByTimeAsync(1000)
  expect(onError).toHaveBeenCalledTimes(2)
  const summary = onError.mock.calls[1]![0] as RepeatedFailures
  expect(summary).toBeInstanceOf(AggregateError)
  expect({ kind: summary.kind, count: summary.count }).toEqual({ kind, count })
  return summary
}

const never = (_: unknown, init?: RequestInit) => new Promise<Response>((_, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)))

describe('the kind of each failure onError is told of', () => {
  it('upstream-connection: HotTask cannot be reached', async () => {
    const { handler, onError } = setup({ fetch: () => Promise.reject(new TypeError('fetch failed')) })
    expect([await statusOf(handler), await statusOf(handler)]).toEqual([502, 502])
    await expectOneKind(onError, 'upstream-connection', 1)
  })

  it('upstream-timeout: HotTask does not answer in time', async () => {
    let started = 0
    let bothStarted!: () => void
    const calling = new Promise<void>((resolve) => (bothStarted = resolve))
    const fetch = (url: unknown, init?: RequestInit) => {
      if (++started === 2) bothStarted()
      return never(url, init)
    }
    const { handler, onError } = setup({ fetch, timeoutMs: 50 })
    const answers = [statusOf(handler), statusOf(handler)]
    await calling
    await vi.advanceTimersByTimeAsync(50)
    expect(await Promise.all(answers)).toEqual([504, 504])
    await expectOneKind(onError, 'upstream-timeout', 1)
  })

  it('upstream-reply: HotTask answers a 2xx that is not the envelope', async () => {
    const { handler, onError } = setup({ fetch: async () => new Response('<html></html>', { headers: { 'content-type': 'text/html' } }) })
    expect([await statusOf(handler), await statusOf(handler)]).toEqual([502, 502])
    const summary = await expectOneKind(onError, 'upstream-reply', 1)
    expect((summary.errors[0] as Error).message).toBe('HotTask answered HTTP 200 (text/html, 13 bytes), which cannot be relayed: "<html></html>"')
  })

  it("upstream-reply: HotTask answers an error status that is not the envelope (a load balancer's HTML 503), relayed with its status", async () => {
    const page = '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>'
    const { handler, onError } = setup({ fetch: async () => new Response(page, { status: 503, headers: { 'content-type': 'text/html' } }) })
    expect([await statusOf(handler), await statusOf(handler)]).toEqual([503, 503])
    expect((onError.mock.calls[0]![0] as Error).message).toBe(
      `HotTask answered HTTP 503 (text/html, 70 bytes), which is not the API's envelope (its status is relayed in the handler's): ${JSON.stringify(page)}`,
    )
    await expectOneKind(onError, 'upstream-reply', 1)
  })

  it('rate-limit-store: the store fails', async () => {
    const store = { hit: () => Promise.reject(new Error('ECONNREFUSED')) }
    const { handler, onError } = setup({ rateLimit: { limit: 5, windowMs: 60_000, clientKey: () => 'a', store } })
    expect([await statusOf(handler), await statusOf(handler)]).toEqual([503, 503])
    await expectOneKind(onError, 'rate-limit-store', 1)
  })

  it('config: no usable key, and a client the rate limit cannot identify', async () => {
    const { handler, onError } = setup({ apiKey: undefined, rateLimit: { limit: 5, windowMs: 60_000, clientKey: () => '' } })
    vi.stubEnv('HOTTASK_API_KEY', '')
    expect(await statusOf(handler)).toBe(500)
    expect(await statusOf(handler, sessionRequest(SERIAL), { HOTTASK_API_KEY: API_KEY })).toBe(500)
    const summary = await expectOneKind(onError, 'config', 1)
    expect((summary.errors[0] as Error).message).toMatch(/^HotTask config: rateLimit\.clientKey returned an empty string/)
  })

  it('callback: authorize, the allow-list function and clientKey throw', async () => {
    let throwing = 'authorize'
    const thrower = (name: string) => () => {
      if (throwing === name) throw new Error(name)
      return true
    }
    const { handler, onError } = setup({
      authorize: thrower('authorize'),
      allowedSerialNumbers: thrower('allowed'),
      rateLimit: { limit: 5, windowMs: 60_000, clientKey: () => (thrower('clientKey')(), 'a') },
    })
    for (const name of ['authorize', 'allowed', 'clientKey']) {
      throwing = name
      expect(await statusOf(handler)).toBe(500)
    }
    const summary = await expectOneKind(onError, 'callback', 2)
    expect(summary.errors).toEqual([new Error('clientKey')])
  })

  it('unexpected: anything else (a request whose body was already read)', async () => {
    const { handler, onError } = setup({})
    const used = async () => {
      const request = sessionRequest(SERIAL)
      await request.text()
      return request
    }
    expect([await statusOf(handler, await used()), await statusOf(handler, await used())]).toEqual([500, 500])
    await expectOneKind(onError, 'unexpected', 1)
  })
})
