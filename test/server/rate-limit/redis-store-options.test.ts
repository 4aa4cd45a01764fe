import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createRedisRateLimitStore, type RedisEvalClient } from '../../../src/server'
import { HIT_SCRIPT, HIT_SCRIPT_SHA1, TAKE_BACK_SCRIPT, TAKE_BACK_SCRIPT_SHA1 } from '../../../src/server/rate-limit/redis-script'

afterEach(() => vi.useRealTimers())

/** A node-redis-shaped client whose calls the test answers by hand. */
function fakeNodeRedis(answer: () => Promise<unknown>) {
  return { evalSha: vi.fn(answer), eval: vi.fn(answer) }
}

describe('the scripts', () => {
  it.each([
    ['hit', HIT_SCRIPT, HIT_SCRIPT_SHA1],
    ['take-back', TAKE_BACK_SCRIPT, TAKE_BACK_SCRIPT_SHA1],
  ])('the %s script is named by the SHA-1 of its text, which EVALSHA finds it by (what it does is tested against a real redis-server)', (_name, text, sha1) => {
    expect(createHash('sha1').update(text).digest('hex')).toBe(sha1)
  })
})

describe('createRedisRateLimitStore: checked when created', () => {
  it.each([
    ['nothing', undefined],
    ['a URL', 'redis://127.0.0.1:6379'],
    ['an object without script calls', { get: () => {} }],
    ['a client with evalSha but no eval', { evalSha: () => {} }],
    ['a client with evalsha but no eval', { evalsha: () => {} }],
    ['a function', Object.assign(() => {}, { evalSha: () => {}, eval: () => {} })],
    ['null', null],
  ])('throws a config error for %s', (_name, client) => {
    expect(() => createRedisRateLimitStore(client as unknown as RedisEvalClient)).toThrow(
      expect.objectContaining({ kind: 'config', message: expect.stringContaining('`redis` (node-redis v4–v6) or `ioredis`') }),
    )
  })

  it.each([
    ['a prefix that is not a string', { prefix: 1 }, /prefix must be a string/],
    ['timeoutMs 0', { timeoutMs: 0 }, /timeoutMs must be a whole number/],
    ['a fractional timeoutMs', { timeoutMs: 1.5 }, /timeoutMs/],
    ['a timeoutMs past what a timer can wait', { timeoutMs: 2 ** 31 }, /timeoutMs/],
  ])('throws a config error for %s', (_name, options, message) => {
    expect(() => createRedisRateLimitStore(fakeNodeRedis(async () => [1, 1, 1]), options as never)).toThrow(
      expect.objectContaining({ kind: 'config', message: expect.stringMatching(message) }),
    )
  })
})

describe('createRedisRateLimitStore: how it calls the client', () => {
  it('takes null options as the defaults', async () => {
    const client = fakeNodeRedis(async () => [1, 10, 100])
    await createRedisRateLimitStore(client, null as never).hit('k', 10)
    expect(client.evalSha).toHaveBeenCalledWith(HIT_SCRIPT_SHA1, { keys: ['react-hottask:rate-limit:k'], arguments: ['10'] })
  })

  it('passes on a rejection that is not an Error as it is, without sending the script', async () => {
    const rejection = { message: 'NOSCRIPT but not an Error' }
    const client = fakeNodeRedis(async () => Promise.reject(rejection))
    await expect(createRedisRateLimitStore(client).hit('k', 10)).rejects.toBe(rejection)
    expect(client.eval).not.toHaveBeenCalled()
  })

  it('ioredis: sends the script with eval(script, 1, key, windowMs) when Redis answers NOSCRIPT', async () => {
    const client = { evalsha: vi.fn(async () => Promise.reject(new Error('NOSCRIPT No matching script.'))), eval: vi.fn(async () => [1, 10, 100]) }
    await createRedisRateLimitStore(client, { prefix: 'p:' }).hit('k', 10)
    expect(client.eval).toHaveBeenCalledWith(HIT_SCRIPT, 1, 'p:k', '10')
  })

  it('node-redis: evalSha(sha, { keys, arguments }) with the prefixed key and windowMs', async () => {
    vi.useFakeTimers({ now: 1_000 })
    const client = fakeNodeRedis(async () => [4, 2500, 9_000])
    expect(await createRedisRateLimitStore(client, { prefix: 'p:' }).hit('1.2.3.4', 60_000)).toEqual({ count: 4, resetAt: 3_500 })
    expect(client.evalSha).toHaveBeenCalledWith(HIT_SCRIPT_SHA1, { keys: ['p:1.2.3.4'], arguments: ['60000'] })
    expect(client.eval).not.toHaveBeenCalled()
  })

  it('ioredis: evalsha(sha, 1, key, windowMs)', async () => {
    const client = { evalsha: vi.fn(async () => [1, 60_000, 70_000]), eval: vi.fn() }
    await createRedisRateLimitStore(client, { prefix: 'p:' }).hit('k', 60_000)
    expect(client.evalsha).toHaveBeenCalledWith(HIT_SCRIPT_SHA1, 1, 'p:k', '60000')
  })

  it('sends the script itself when Redis answers NOSCRIPT, and only then', async () => {
    const client = fakeNodeRedis(async () => [1, 10, 100])
    client.evalSha.mockRejectedValueOnce(new Error('NOSCRIPT No matching script. Please use EVAL.'))
    await createRedisRateLimitStore(client, { prefix: '' }).hit('k', 10)
    expect(client.eval).toHaveBeenCalledWith(HIT_SCRIPT, { keys: ['k'], arguments: ['10'] })
  })

  it('rejects with any other error, without retrying', async () => {
    const client = fakeNodeRedis(async () => Promise.reject(new Error('READONLY You can\'t write against a read only replica.')))
    await expect(createRedisRateLimitStore(client).hit('k', 10)).rejects.toThrow(/READONLY/)
    expect(client.evalSha).toHaveBeenCalledTimes(1)
    expect(client.eval).not.toHaveBeenCalled()
  })

  it.each([[null], ['OK'], [[1]], [[1, 2]], [['one', '2', 3]], [[1.5, 2, 3]], [[1, 2.5, 3]], [[1, 'soon', 3]], [[null, 10, 3]], [[1, 2, 3.5]], [[1, 2, 'later']], [[1, 2, null]]])('rejects a reply that is not [count, ms left, window end]: %j', async (reply) => {
    const error = await createRedisRateLimitStore(fakeNodeRedis(async () => reply))
      .hit('k', 10)
      .then(() => undefined, (reason: unknown) => reason)
    expect(error).toBeInstanceOf(TypeError)
    expect((error as Error).message).toBe('Redis answered the rate-limit script with something else than [count, ms left, window end].')
  })

  it("reads numbers given as strings (ioredis's stringNumbers option)", async () => {
    vi.useFakeTimers({ now: 1_000 })
    await expect(createRedisRateLimitStore(fakeNodeRedis(async () => ['3', '250', '5000'])).hit('k', 10)).resolves.toEqual({ count: 3, resetAt: 1_250 })
  })

  it('rejects after timeoutMs (default 1000) when the client never answers; a late answer settles nothing more', async () => {
    vi.useFakeTimers()
    let answer!: (value: unknown) => void
    const client = fakeNodeRedis(() => new Promise((resolve) => (answer = resolve)))
    const outcome = vi.fn()
    createRedisRateLimitStore(client)
      .hit('k', 10)
      .then((value) => outcome('resolved', value), (error: Error) => outcome('rejected', error.name, error.message))
    await vi.advanceTimersByTimeAsync(999)
    expect(outcome).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(outcome).toHaveBeenCalledWith('rejected', 'TimeoutError', 'Redis did not answer the rate limiter within 1000 ms.')
    answer([1, 10, 100])
    await vi.advanceTimersByTimeAsync(0)
    expect(outcome).toHaveBeenCalledTimes(1)
  })

  it('leaves no timer behind after a failure', async () => {
    vi.useFakeTimers()
    await expect(createRedisRateLimitStore(fakeNodeRedis(async () => Promise.reject(new Error('down'))), { timeoutMs: 50 }).hit('k', 10)).rejects.toThrow('down')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('leaves no timer behind after an answer', async () => {
    vi.useFakeTimers()
    await createRedisRateLimitStore(fakeNodeRedis(async () => [1, 10, 100]), { timeoutMs: 50 }).hit('k', 10)
    expect(vi.getTimerCount()).toBe(0)
  })
})
