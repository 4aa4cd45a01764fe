import { createHash } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import IoRedis, { type RedisOptions } from 'ioredis'
import { createClient } from 'redis'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createHotTaskHandler, createRedisRateLimitStore, toNodeHandler, type RedisEvalClient, type RedisRateLimitStoreOptions } from '../../../src/server'
import { HIT_SCRIPT, HIT_SCRIPT_SHA1, TAKE_BACK_SCRIPT, TAKE_BACK_SCRIPT_SHA1 } from '../../../src/server/rate-limit/redis-script'
import { freePort } from '../../support/free-port'
import { redisServer, startRedisServer, type RedisServer } from '../../support/redis-server'
import { suiteName } from '../../support/system-binary'
import { fakeUpstream, serve } from '../loopback'
import { API_KEY } from '../secret'

const SERIAL = 'bot-1'
const WINDOW = 60_000

// Outside CI, a machine without redis-server skips these (and the run says so); under CI=true they fail instead.
describe.skipIf(redisServer.status === 'skip')(suiteName('Redis store against a real redis-server', redisServer), () => {
  let redis: RedisServer
  const connectAdmin = (url: string) => createClient({ url }).connect()
  let admin: Awaited<ReturnType<typeof connectAdmin>>
  const cleanups: Array<() => unknown> = []

  beforeAll(async () => {
    redis = await startRedisServer()
    admin = await connectAdmin(redis.url)
  })
  afterAll(async () => {
    admin?.destroy()
    await redis?.stop()
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  /** A connected client of each library, closed after the test; errors of a dead connection are collected, not thrown. */
  const connectors = {
    async redis(url: string, options: Parameters<typeof createClient>[0] = {}) {
      const errors: unknown[] = []
      const client = createClient({ url, ...options })
      client.on('error', (error) => errors.push(error))
      cleanups.push(() => client.isOpen && client.destroy())
      await client.connect()
      return { client, errors }
    },
    async ioredis(url: string, options: RedisOptions = {}) {
      const errors: unknown[] = []
      const client = new IoRedis(url, { lazyConnect: true, ...options })
      client.on('error', (error) => errors.push(error))
      cleanups.push(() => client.disconnect())
      await client.connect()
      return { client, errors }
    },
  }

  let keyCount = 0
  const uniquePrefix = () => `test-${process.pid}-${++keyCount}:`

  describe.each(['redis', 'ioredis'] as const)('Redis store with a %s client', (library) => {
    async function setup(options: RedisRateLimitStoreOptions = {}) {
      const { client } = await connectors[library](redis.url)
      const prefix = uniquePrefix()
      const store = createRedisRateLimitStore(client, { prefix, ...options })
      return { store, hit: (key: string, windowMs = WINDOW) => store.hit(key, windowMs), prefix }
    }

    it('counts hits per key in one window that starts at the first hit and ends windowMs later', async () => {
      const { hit, prefix } = await setup()
      const before = Date.now()
      const first = await hit('203.0.113.7')
      const after = Date.now()
      expect(first.count).toBe(1)
      expect(first.resetAt).toBeGreaterThanOrEqual(before + WINDOW - 5)
      expect(first.resetAt).toBeLessThanOrEqual(after + WINDOW)
      expect((await hit('203.0.113.7')).count).toBe(2)
      expect((await hit('203.0.113.8')).count).toBe(1)
      // The window's end is the key's expiry in Redis: every instance reads the same one.
      const pttl = await admin.pTTL(`${prefix}203.0.113.7`)
      expect(pttl).toBeGreaterThan(WINDOW - 5_000)
      expect(pttl).toBeLessThanOrEqual(WINDOW)
      expect(await admin.get(`${prefix}203.0.113.7`)).toBe('2')
    })

    it('does not move the window on later hits', async () => {
      const { hit, prefix } = await setup()
      await hit('a')
      await admin.pExpire(`${prefix}a`, 10_000)
      const second = await hit('a')
      expect(second.count).toBe(2)
      expect(second.resetAt - Date.now()).toBeLessThanOrEqual(10_000)
    })

    it('starts a new window once the key has expired (here: deleted), and gives it an expiry again', async () => {
      const { hit, prefix } = await setup()
      await hit('a')
      await hit('a')
      await admin.del(`${prefix}a`)
      expect((await hit('a')).count).toBe(1)
      expect(await admin.pTTL(`${prefix}a`)).toBeGreaterThan(0)
    })

    it('gives a key found without an expiry one, so it cannot block a client for ever', async () => {
      const { hit, prefix } = await setup()
      await admin.set(`${prefix}a`, '7')
      expect((await hit('a')).count).toBe(8)
      expect(await admin.pTTL(`${prefix}a`)).toBeGreaterThan(0)
    })

    it('still works after Redis has forgotten the script (restart, SCRIPT FLUSH): EVAL once, then EVALSHA', async () => {
      const { hit } = await setup()
      await hit('a')
      await admin.scriptFlush()
      expect((await hit('a')).count).toBe(2)
      expect(await admin.scriptExists(HIT_SCRIPT_SHA1)).toEqual([1])
    })

    it('uses the default prefix react-hottask:rate-limit:', async () => {
      const { client } = await connectors[library](redis.url)
      const key = `${uniquePrefix()}client`
      await createRedisRateLimitStore(client).hit(key, WINDOW)
      expect(await admin.get(`react-hottask:rate-limit:${key}`)).toBe('1')
    })

    it('fails closed when Redis answers an error: the hit rejects with it', async () => {
      const { hit, prefix } = await setup()
      await admin.hSet(`${prefix}a`, 'field', 'value') // INCR on a hash: WRONGTYPE
      await expect(hit('a')).rejects.toThrow(/WRONGTYPE/)
    })
  })

  describe('Redis store: the script', () => {
    it('has the SHA-1 Redis computes for it', async () => {
      expect(createHash('sha1').update(HIT_SCRIPT).digest('hex')).toBe(HIT_SCRIPT_SHA1)
      expect(await admin.scriptLoad(HIT_SCRIPT)).toBe(HIT_SCRIPT_SHA1)
      expect(await admin.scriptLoad(TAKE_BACK_SCRIPT)).toBe(TAKE_BACK_SCRIPT_SHA1)
    })

    it("returns the window's end on Redis's clock: Redis's time now plus the ms left", async () => {
      const key = `${uniquePrefix()}a`
      const before = await admin.time()
      const [count, msLeft, windowEnd] = (await admin.eval(HIT_SCRIPT, { keys: [key], arguments: ['60000'] })) as number[]
      const after = await admin.time()
      const ms = ([seconds, microseconds]: readonly string[]) => Number(seconds) * 1000 + Math.floor(Number(microseconds) / 1000)
      expect([count, msLeft]).toEqual([1, 60_000])
      expect(windowEnd).toBeGreaterThanOrEqual(ms(before) + 60_000)
      expect(windowEnd).toBeLessThanOrEqual(ms(after) + 60_000)
      // Later hits name the same window.
      const [, , again] = (await admin.eval(HIT_SCRIPT, { keys: [key], arguments: ['60000'] })) as number[]
      expect(Math.abs(again! - windowEnd!)).toBeLessThanOrEqual(1)
    })
  })

  describe('Redis store: the take-back script', () => {
    const WINDOW_MS = 60_000
    async function counted(times = 1) {
      const key = `${uniquePrefix()}a`
      let reply: number[] = []
      for (let i = 0; i < times; i++) reply = (await admin.eval(HIT_SCRIPT, { keys: [key], arguments: [String(WINDOW_MS)] })) as number[]
      return { key, windowEnd: reply[2]! }
    }
    const takeBack = (key: string, windowEnd: number, windowMs = WINDOW_MS) =>
      admin.eval(TAKE_BACK_SCRIPT, { keys: [key], arguments: [String(windowEnd), String(windowMs)] })

    it('takes one hit back in the window it counted in, keeping the window’s end, and never below 0', async () => {
      const { key, windowEnd } = await counted(2)
      const pttl = await admin.pTTL(key)
      expect(await takeBack(key, windowEnd)).toBe(1)
      expect(await admin.get(key)).toBe('1')
      expect(await admin.pTTL(key)).toBeLessThanOrEqual(pttl)
      expect(await admin.pTTL(key)).toBeGreaterThan(pttl - 5_000)
      expect(await takeBack(key, windowEnd)).toBe(1)
      expect(await takeBack(key, windowEnd)).toBe(0)
      expect(await admin.get(key)).toBe('0')
    })

    it('leaves another window alone: an end half a window or more away is another window (both sides)', async () => {
      const { key, windowEnd } = await counted()
      // A few ms of slack for the time between the scripts.
      expect(await takeBack(key, windowEnd + WINDOW_MS / 2 + 50)).toBe(0)
      expect(await takeBack(key, windowEnd - WINDOW_MS / 2 - 50)).toBe(0)
      expect(await admin.get(key)).toBe('1')
      expect(await takeBack(key, windowEnd + WINDOW_MS / 2 - 50)).toBe(1)
      await admin.incr(key)
      expect(await takeBack(key, windowEnd - WINDOW_MS / 2 + 50)).toBe(1)
      expect(await admin.get(key)).toBe('0')
    })

    it('a window that ended (the key expired, or a new one started) is never touched, nor a key created', async () => {
      const { key, windowEnd } = await counted()
      await admin.del(key)
      expect(await takeBack(key, windowEnd)).toBe(0)
      expect(await admin.exists(key)).toBe(0)
      // A new window of the key ends a whole window later.
      const fresh = await counted()
      expect(await takeBack(fresh.key, fresh.windowEnd + WINDOW_MS)).toBe(0)
      expect(await admin.get(fresh.key)).toBe('1')
    })

    it('leaves a key without an expiry, or one that holds no count, alone', async () => {
      const key = `${uniquePrefix()}a`
      await admin.set(key, '3')
      expect(await takeBack(key, Date.now())).toBe(0)
      expect(await admin.get(key)).toBe('3')
      await admin.set(key, 'text', { PX: 60_000 })
      expect(await takeBack(key, Date.now() + 60_000)).toBe(0)
      expect(await admin.get(key)).toBe('text')
    })

    it('fails on a key of another type (WRONGTYPE), as the hit does', async () => {
      const key = `${uniquePrefix()}a`
      await admin.hSet(key, 'field', 'value')
      await expect(takeBack(key, Date.now())).rejects.toThrow(/WRONGTYPE/)
    })

    it('takes the clients as they are typed by their own packages', async () => {
      const { client: nodeRedis } = await connectors.redis(redis.url)
      const { client: ioRedis } = await connectors.ioredis(redis.url)
      const clients: RedisEvalClient[] = [nodeRedis, ioRedis]
      expect(clients).toHaveLength(2)
    })
  })

  /** One app instance: the handler with a Redis store, served by toNodeHandler on 127.0.0.1. */
  async function appInstance(client: RedisEvalClient, upstreamUrl: string, prefix: string, onError = vi.fn(), timeoutMs?: number) {
    const handler = createHotTaskHandler({
      apiKey: API_KEY,
      allowedSerialNumbers: [SERIAL],
      baseUrl: upstreamUrl,
      onError,
      rateLimit: { limit: 3, windowMs: WINDOW, store: createRedisRateLimitStore(client, { prefix, timeoutMs }) },
    })
    const app = await serve(toNodeHandler(handler))
    cleanups.push(app.close)
    return { port: (app.server.address() as AddressInfo).port, onError }
  }

  function postFrom(port: number, localAddress: string) {
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/api/hottask/chat/Chatbot/GetSession', method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json' } },
        (res) => {
          let body = ''
          res.on('data', (chunk: Buffer) => (body += chunk.toString()))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        },
      )
      req.on('error', reject)
      req.end(JSON.stringify({ serialNumber: SERIAL }))
    })
  }

  describe('two app instances sharing one Redis', () => {
    it('share one limit per client: one instance on node-redis, the other on ioredis', async () => {
      const upstream = await fakeUpstream()
      cleanups.push(upstream.close)
      const prefix = uniquePrefix()
      const a = await appInstance((await connectors.redis(redis.url)).client, upstream.url, prefix)
      const b = await appInstance((await connectors.ioredis(redis.url)).client, upstream.url, prefix)
      const statuses = []
      for (let i = 0; i < 8; i++) statuses.push((await postFrom(i % 2 ? b.port : a.port, '127.0.0.2')).status)
      expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429])
      expect(upstream.requests).toHaveLength(3)
      // Another client is counted on its own, on either instance.
      expect((await postFrom(b.port, '127.0.0.1')).status).toBe(200)
      expect((await postFrom(a.port, '127.0.0.1')).status).toBe(200)
      expect(await admin.get(`${prefix}127.0.0.2`)).toBe('8')
    })
  })

  describe('rateLimit and messageRateLimit sharing one store', () => {
    it('count apart, even for a client whose key looks like a message key; two instances share both counts', async () => {
      const reply = JSON.stringify({ Data: { messageid: 1, content: 'Hi', totalToken: 2 }, Version: '1.0.0', Success: true, Code: 200, Message: '' })
      const upstream = await fakeUpstream((seen) => ({ body: seen.url.endsWith('/chat/Chatbot/GetSession') ? JSON.stringify({ Data: { SessionID: 1001 }, Version: '1.0.0', Success: true, Code: 200, Message: '' }) : reply }))
      cleanups.push(upstream.close)
      const prefix = uniquePrefix()
      const instance = (client: RedisEvalClient) => {
        const store = createRedisRateLimitStore(client, { prefix })
        return createHotTaskHandler({
          apiKey: API_KEY,
          allowedSerialNumbers: [SERIAL],
          baseUrl: upstream.url,
          rateLimit: { limit: 2, windowMs: WINDOW, store, clientKey: () => 'message:1001' },
          messageRateLimit: { limit: 3, windowMs: WINDOW, store },
        })
      }
      const [a, b] = [instance((await connectors.redis(redis.url)).client), instance((await connectors.ioredis(redis.url)).client)]
      const json = { 'content-type': 'application/json' }
      const newSession = async (handler: typeof a) => {
        const response = await handler(new Request('http://app.test/chat/Chatbot/GetSession', { method: 'POST', headers: json, body: JSON.stringify({ serialNumber: SERIAL }) }))
        return { status: response.status, token: ((await response.json()) as { Data: { SessionToken?: string } }).Data?.SessionToken }
      }
      const send = async (handler: typeof a, sessionToken: string | undefined) =>
        (await handler(new Request('http://app.test/chat/Chat/ClientAsk', { method: 'POST', headers: json, body: JSON.stringify({ sessionID: 1001, content: 'Hi', sessionToken }) }))).status

      const { token } = await newSession(a)
      const statuses = []
      for (let i = 0; i < 5; i++) statuses.push(await send(i % 2 ? b : a, token))
      expect(statuses).toEqual([200, 200, 200, 429, 429])
      expect((await newSession(b)).status).toBe(200)
      expect((await newSession(a)).status).toBe(429)
      expect(await admin.get(`${prefix}message:1001`)).toBe('5')
      expect(await admin.get(`${prefix}session:message:1001`)).toBe('3')
      expect((await admin.keys(`${prefix}*`)).sort()).toEqual([`${prefix}message:1001`, `${prefix}session:message:1001`])
      expect(upstream.requests.map((seen) => seen.url)).toEqual([
        '/chat/Chatbot/GetSession',
        '/chat/Chat/ClientAsk',
        '/chat/Chat/ClientAsk',
        '/chat/Chat/ClientAsk',
        '/chat/Chatbot/GetSession',
      ])
    })
  })

  describe('when Redis is down: fail closed, and never hold the request', () => {
    it.each(['redis', 'ioredis'] as const)(
      'a %s client set to fail fast (no offline queue) on a closed port: 503 at once, onError told, nothing upstream',
      async (library) => {
        const upstream = await fakeUpstream()
        cleanups.push(upstream.close)
        const url = `redis://127.0.0.1:${await freePort()}`
        const client =
          library === 'redis'
            ? createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: false } })
            : new IoRedis(url, { enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null })
        client.on('error', () => {})
        cleanups.push(() => (client instanceof IoRedis ? client.disconnect() : client.isOpen && client.destroy()))
        await client.connect().catch(() => {})
        const app = await appInstance(client, upstream.url, uniquePrefix())
        const { status, body } = await postFrom(app.port, '127.0.0.2')
        expect(status).toBe(503)
        expect(JSON.parse(body)).toMatchObject({ Code: 503, Success: false, Message: 'The rate limiter is unavailable; try again shortly.' })
        expect(upstream.requests).toHaveLength(0)
        expect(app.onError).toHaveBeenCalledTimes(1)
        expect(app.onError.mock.calls[0]![0]).not.toMatchObject({ name: 'TimeoutError' })
      },
    )

    it.each(['redis', 'ioredis'] as const)(
      'Redis stopped mid-test, a %s client with its default offline queue: the store timeout answers 503',
      async (library) => {
        const upstream = await fakeUpstream()
        cleanups.push(upstream.close)
        const ownRedis = await startRedisServer()
        cleanups.push(() => ownRedis.stop())
        const { client } = await connectors[library](ownRedis.url)
        const app = await appInstance(client, upstream.url, uniquePrefix(), vi.fn(), 100)
        expect((await postFrom(app.port, '127.0.0.2')).status).toBe(200)
        await ownRedis.stop()
        // The client queues the command until Redis is back, which may be never: the store's timeoutMs ends the wait.
        const { status } = await postFrom(app.port, '127.0.0.2')
        expect(status).toBe(503)
        expect(upstream.requests).toHaveLength(1)
        expect(app.onError).toHaveBeenCalledWith(expect.objectContaining({ name: 'TimeoutError', message: expect.stringContaining('100 ms') }), expect.any(Request))
      },
    )
  })
})
