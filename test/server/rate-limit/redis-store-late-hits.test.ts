import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskHandler, createRedisRateLimitStore } from '../../../src/server'
import { takeBackInRedis } from '../../../src/server/rate-limit/counted-hit'
import { scriptRunnerOf } from '../../../src/server/rate-limit/redis-client'
import { HIT_SCRIPT_SHA1, TAKE_BACK_SCRIPT, TAKE_BACK_SCRIPT_SHA1 } from '../../../src/server/rate-limit/redis-script'
import { REPORT_ERRORS_TO } from '../../../src/server/rate-limit/store-errors'
import { API_KEY } from '../secret'

afterEach(() => vi.useRealTimers())

/** A call the test answers by hand, later. */
interface Pending {
  args: unknown[]
  resolve(value: unknown): void
  reject(error: unknown): void
}

/** A node-redis-shaped client (an event emitter, as node-redis's is) whose every script call waits for the test. */
function slowNodeRedis() {
  const calls: Pending[] = []
  const call = (...args: unknown[]) => new Promise((resolve, reject) => calls.push({ args, resolve, reject }))
  const client = Object.assign(new EventEmitter(), { evalSha: vi.fn(call), eval: vi.fn(call) })
  return { client, calls }
}

/** A hit that the store stopped waiting for after `timeoutMs`: the 503 is given, Redis has not answered yet. */
async function lateHit(timeoutMs = 100, windowMs = 60_000) {
  vi.useFakeTimers()
  const { client, calls } = slowNodeRedis()
  const store = createRedisRateLimitStore(client, { prefix: 'p:', timeoutMs })
  const outcome = store.hit('k', windowMs).then(
    () => 'resolved',
    (error: Error) => error.name,
  )
  await vi.advanceTimersByTimeAsync(timeoutMs)
  expect(await outcome).toBe('TimeoutError')
  return { client, calls, store }
}

describe('a hit that Redis runs after timeoutMs is taken back', () => {
  it('when its late reply arrives: the take-back script on the same key, with the window end Redis gave and windowMs', async () => {
    const { client, calls } = await lateHit(100, 60_000)
    calls[0]!.resolve([3, 41_000, 1_796_000_000_000])
    await vi.advanceTimersByTimeAsync(0)
    expect(client.evalSha).toHaveBeenLastCalledWith(TAKE_BACK_SCRIPT_SHA1, { keys: ['p:k'], arguments: ['1796000000000', '60000'] })
    expect(client.evalSha).toHaveBeenCalledTimes(2)
  })

  it('ioredis: evalsha(sha, 1, key, window end, windowMs)', async () => {
    vi.useFakeTimers()
    let answer!: (value: unknown) => void
    const client = { evalsha: vi.fn((..._args: unknown[]) => new Promise((resolve) => (answer = resolve))), eval: vi.fn() }
    void createRedisRateLimitStore(client, { prefix: 'p:', timeoutMs: 10 }).hit('k', 500).catch(() => {})
    await vi.advanceTimersByTimeAsync(10)
    answer(['1', '490', '7000'])
    await vi.advanceTimersByTimeAsync(0)
    expect(client.evalsha).toHaveBeenLastCalledWith(TAKE_BACK_SCRIPT_SHA1, 1, 'p:k', '7000', '500')
  })

  it('a reply 1 ms before the deadline is on time: the hit counts, nothing is taken back', async () => {
    vi.useFakeTimers()
    const { client, calls } = slowNodeRedis()
    const hit = createRedisRateLimitStore(client, { timeoutMs: 100 }).hit('k', 60_000)
    await vi.advanceTimersByTimeAsync(99)
    calls[0]!.resolve([1, 60_000, 5])
    await expect(hit).resolves.toMatchObject({ count: 1 })
    await vi.advanceTimersByTimeAsync(1_000)
    expect(client.evalSha).toHaveBeenCalledTimes(1)
  })

  it('sends the take-back script’s text when Redis has forgotten it', async () => {
    const { client, calls } = await lateHit()
    calls[0]!.resolve([1, 100, 200])
    await vi.advanceTimersByTimeAsync(0)
    calls[1]!.reject(new Error('NOSCRIPT No matching script.'))
    await vi.advanceTimersByTimeAsync(0)
    expect(client.eval).toHaveBeenCalledExactlyOnceWith(TAKE_BACK_SCRIPT, { keys: ['p:k'], arguments: ['200', '60000'] })
  })

  it('a late failure of the hit is dropped: its request was refused and reported already, nothing is taken back', async () => {
    const { client, calls, store } = await lateHit()
    const report = vi.fn()
    ;(store as unknown as Record<symbol, (report: unknown) => void>)[REPORT_ERRORS_TO]!(report)
    calls[0]!.reject(new Error('Connection is closed.'))
    await vi.advanceTimersByTimeAsync(0)
    expect(client.evalSha).toHaveBeenCalledTimes(1)
    expect(report).not.toHaveBeenCalled()
  })

  it('a late reply that is not a hit is dropped too', async () => {
    const { client, calls } = await lateHit()
    calls[0]!.resolve('OK')
    await vi.advanceTimersByTimeAsync(0)
    expect(client.evalSha).toHaveBeenCalledTimes(1)
  })

  it('a late NOSCRIPT is not answered with the script: a hit nobody waits for is not sent again', async () => {
    const { client, calls } = await lateHit()
    calls[0]!.reject(new Error('NOSCRIPT No matching script.'))
    await vi.advanceTimersByTimeAsync(0)
    expect(client.eval).not.toHaveBeenCalled()
  })

  it('a take-back that fails is told to the handler’s onError, with its cause, and the visitor’s key named as possibly one too many', async () => {
    const { calls, store } = await lateHit()
    const onError = vi.fn()
    createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: ['bot-1'], onError, rateLimit: { limit: 5, windowMs: 60_000, store } })
    calls[0]!.resolve([1, 100, 200])
    await vi.advanceTimersByTimeAsync(0)
    const cause = new Error('READONLY')
    calls[1]!.reject(cause)
    await vi.advanceTimersByTimeAsync(0)
    expect(onError).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ message: expect.stringMatching(/^Redis ran a rate-limit hit after the store had stopped waiting for it .*one hit too many/), cause }),
      undefined,
    )
  })
})

describe('takeBackInRedis: what the script answered', () => {
  it.each([
    [1, true],
    ['1', true],
    [0, false],
    ['0', false],
  ])('%j means taken back: %s', async (reply, taken) => {
    const run = scriptRunnerOf({ evalSha: async () => reply, eval: async () => reply })!
    await expect(takeBackInRedis(run, 'k', { count: 1, msLeft: 1, windowEnd: 2 }, 3)).resolves.toBe(taken)
  })
})

describe('the store’s client errors reach the handler’s onError', () => {
  const handlerWith = (options: Partial<Parameters<typeof createHotTaskHandler>[0]>) =>
    createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: ['bot-1'], ...options })

  it('adds its listener when the store is made, and an error event goes to onError with no request', () => {
    const { client } = slowNodeRedis()
    const store = createRedisRateLimitStore(client)
    expect(client.listenerCount('error')).toBe(1)
    const onError = vi.fn()
    handlerWith({ onError, rateLimit: { limit: 5, windowMs: 60_000, store } })
    const error = new Error('connect ECONNREFUSED 127.0.0.1:6379')
    client.emit('error', error)
    expect(onError).toHaveBeenCalledExactlyOnceWith(error, undefined)
  })

  it('a store serving both limits of one handler tells each error once; a store for messages only is attached too', () => {
    const { client } = slowNodeRedis()
    const store = createRedisRateLimitStore(client)
    const onError = vi.fn()
    handlerWith({ onError, rateLimit: { limit: 5, windowMs: 60_000, store }, messageRateLimit: { limit: 5, windowMs: 60_000, store } })
    client.emit('error', 'once')
    expect(onError).toHaveBeenCalledTimes(1)

    const messages = slowNodeRedis()
    const onMessageError = vi.fn()
    handlerWith({ onError: onMessageError, messageRateLimit: { limit: 5, windowMs: 60_000, store: createRedisRateLimitStore(messages.client) } })
    messages.client.emit('error', 'messages')
    expect(onMessageError).toHaveBeenCalledExactlyOnceWith('messages', undefined)
  })

  it('error events of a reconnecting client are throttled under their own kind, apart from the refused requests', async () => {
    vi.useFakeTimers()
    const { client } = slowNodeRedis()
    const onError = vi.fn()
    handlerWith({ onError, rateLimit: { limit: 5, windowMs: 60_000, store: createRedisRateLimitStore(client) } })
    for (const attempt of [1, 2, 3]) client.emit('error', new Error(`ECONNREFUSED, attempt ${attempt}`))
    expect(onError).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(onError).toHaveBeenCalledTimes(2)
    const [repeated, request] = onError.mock.calls[1]!
    expect(request).toBeUndefined()
    expect(repeated).toMatchObject({ kind: 'rate-limit-store-client', count: 2 })
  })

  it('a store shared by two handlers tells the newest', () => {
    const { client } = slowNodeRedis()
    const store = createRedisRateLimitStore(client)
    const [older, newer] = [vi.fn(), vi.fn()]
    handlerWith({ onError: older, rateLimit: { limit: 5, windowMs: 60_000, store } })
    handlerWith({ onError: newer, rateLimit: { limit: 5, windowMs: 60_000, store } })
    client.emit('error', 'x')
    expect(older).not.toHaveBeenCalled()
    expect(newer).toHaveBeenCalledTimes(1)
  })

  it('an onError that throws does not turn the error event into a crash', () => {
    const { client } = slowNodeRedis()
    handlerWith({ onError: () => { throw new Error('logger down') }, rateLimit: { limit: 5, windowMs: 60_000, store: createRedisRateLimitStore(client) } })
    expect(() => client.emit('error', new Error('x'))).not.toThrow()
  })

  it('a store that is refused for a bad option adds no listener', () => {
    const { client } = slowNodeRedis()
    expect(() => createRedisRateLimitStore(client, { timeoutMs: 0 })).toThrow()
    expect(() => createRedisRateLimitStore(client, { prefix: 1 as never })).toThrow()
    expect(client.listenerCount('error')).toBe(0)
  })

  it('the hit script is the one sent first (EVALSHA), for the prefixed key', async () => {
    const { client, calls } = slowNodeRedis()
    void createRedisRateLimitStore(client, { prefix: 'p:' }).hit('k', 10)
    expect(calls[0]!.args).toEqual([HIT_SCRIPT_SHA1, { keys: ['p:k'], arguments: ['10'] }])
    calls[0]!.resolve([1, 10, 20])
  })
})
