import IoRedis from 'ioredis'
import { createClient } from 'redis'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskHandler, createRedisRateLimitStore, type RedisEvalClient } from '../../../src/server'
import { redisServer, startRedisServerUntil, type RedisServer } from '../../support/redis-server'
import { suiteName } from '../../support/system-binary'
import { fakeUpstream } from '../loopback'
import { API_KEY } from '../secret'

const LIMIT = 5
const PREFIX = 'faults:'
/** How long a test waits for a client to come back after Redis does: reconnecting backs off up to 2 s. */
const RECONNECT_MS = 5_000

/** The clients as docs/proxy-and-security.md sets them up: no 'error' listener of ours, connect() not awaited. */
const docsClients = {
  redis(url: string) {
    const client = createClient({
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: 5_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) },
    })
    client.connect().catch(() => {})
    return { client, close: () => client.destroy() }
  },
  ioredis(url: string) {
    const client = new IoRedis(url, { enableOfflineQueue: false, connectTimeout: 5_000 })
    return { client, close: () => client.disconnect() }
  },
}

describe.skipIf(redisServer.status === 'skip')(suiteName('Redis faults: killed, paused, restarted', redisServer), () => {
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  const ownRedis = (port?: number) => startRedisServerUntil(cleanups, { port })

  /** An admin connection to `server`, for reading counts; its own errors (the server killed) are expected. */
  async function adminOf(server: RedisServer) {
    const admin = createClient({ url: server.url, socket: { reconnectStrategy: false } })
    admin.on('error', () => {})
    await admin.connect()
    cleanups.push(() => admin.isOpen && admin.destroy())
    return admin
  }

  describe.each(['redis', 'ioredis'] as const)('with a %s client set up as the docs show', (library) => {
    async function app(server: RedisServer) {
      const upstream = await fakeUpstream()
      cleanups.push(upstream.close)
      const { client, close } = docsClients[library](server.url)
      cleanups.push(close)
      const store = createRedisRateLimitStore(client as RedisEvalClient, { prefix: PREFIX, timeoutMs: 100 })
      // Connected before the handler exists, so no failure while connecting opens onError's window of a second.
      await vi.waitFor(() => (client as unknown as { ping(): Promise<string> }).ping(), { timeout: RECONNECT_MS, interval: 20 })
      const onError = vi.fn()
      const handler = createHotTaskHandler({
        apiKey: API_KEY,
        allowedSerialNumbers: ['bot-1'],
        baseUrl: upstream.url,
        onError,
        rateLimit: { limit: LIMIT, windowMs: 60_000, clientKey: () => 'visitor', store },
      })
      const send = async () => {
        const request = new Request('http://app.test/chat/Chatbot/GetSession', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"serialNumber":"bot-1"}' })
        return (await handler(request)).status
      }
      const sendMany = async (count: number) => {
        const statuses: number[] = []
        for (let i = 0; i < count; i++) statuses.push(await send())
        return statuses
      }
      // Connected: the first request is counted.
      await vi.waitFor(async () => expect(await send()).toBe(200), { timeout: RECONNECT_MS, interval: 20 })
      onError.mockClear()
      const storeErrors = () => onError.mock.calls.filter(([, request]) => request === undefined)
      // The refusals onError was told of: the first at once, the rest counted into a RepeatedFailures a second later.
      const refusalsTold = () =>
        onError.mock.calls.filter(([, request]) => request !== undefined).reduce((sum, [error]) => sum + ((error as { count?: number }).count ?? 1), 0)
      return { client, upstream, onError, send, sendMany, storeErrors, refusalsTold }
    }

    it('paused (SIGSTOP): 503 with nothing upstream; after SIGCONT the refused hits are taken back, so the whole limit is left', async () => {
      const server = await ownRedis()
      const admin = await adminOf(server)
      const { upstream, onError, sendMany, refusalsTold } = await app(server)
      server.pause()
      expect(await sendMany(3)).toEqual([503, 503, 503])
      expect(upstream.requests).toHaveLength(1)
      expect((onError.mock.calls[0]![0] as Error).name).toBe('TimeoutError')
      await vi.waitFor(() => expect(refusalsTold()).toBe(3), { timeout: RECONNECT_MS, interval: 20 })
      server.resume()
      // Redis runs the 3 queued hits (4 counted), then their take-backs: back to the 1 that went through.
      await vi.waitFor(async () => expect(await admin.get(`${PREFIX}visitor`)).toBe('1'), { timeout: RECONNECT_MS, interval: 20 })
      expect(await sendMany(LIMIT)).toEqual([200, 200, 200, 200, 429])
      expect(upstream.requests).toHaveLength(LIMIT)
    })

    it.each([
      ['an hour ahead of', 3_600_000],
      ['an hour behind', -3_600_000],
    ])("the app's clock %s Redis's: a paused Redis's late hits are still taken back, and the limit still holds", async (_name, skewMs) => {
      const now = Date.now.bind(Date)
      vi.spyOn(Date, 'now').mockImplementation(() => now() + skewMs)
      const server = await ownRedis()
      const admin = await adminOf(server)
      const { upstream, sendMany } = await app(server)
      server.pause()
      expect(await sendMany(2)).toEqual([503, 503])
      server.resume()
      await vi.waitFor(async () => expect(await admin.get(`${PREFIX}visitor`)).toBe('1'), { timeout: RECONNECT_MS, interval: 20 })
      expect(await sendMany(LIMIT)).toEqual([200, 200, 200, 200, 429])
      expect(upstream.requests).toHaveLength(LIMIT)
    })

    it('killed: 503 with nothing upstream, its errors to onError; restarted on the same port: works again by itself', async () => {
      const server = await ownRedis()
      const { client, upstream, send, sendMany, storeErrors, refusalsTold } = await app(server)
      await server.kill()
      expect(await sendMany(2)).toEqual([503, 503])
      expect(upstream.requests).toHaveLength(1)
      await vi.waitFor(() => expect(refusalsTold()).toBe(2), { timeout: RECONNECT_MS, interval: 20 })
      // The client's own errors (connection lost, reconnects refused) reach onError, and nothing else hears them.
      await vi.waitFor(() => expect(storeErrors().length).toBeGreaterThan(0), { timeout: RECONNECT_MS, interval: 20 })
      expect((client as unknown as { listenerCount(event: string): number }).listenerCount('error')).toBe(1)

      await ownRedis(server.port)
      await vi.waitFor(async () => expect(await send()).toBe(200), { timeout: RECONNECT_MS, interval: 20 })
      // A new Redis with no counts: the one above, and LIMIT - 1 more.
      expect(await sendMany(LIMIT)).toEqual([200, 200, 200, 200, 429])
      expect(upstream.requests).toHaveLength(1 + LIMIT)
    })

    it('ends no process and logs nothing as unhandled (ioredis says "Unhandled error event" where nobody listens)', async () => {
      const log = vi.spyOn(console, 'error')
      const server = await ownRedis()
      const { send, storeErrors } = await app(server)
      await server.kill()
      expect(await send()).toBe(503)
      await vi.waitFor(() => expect(storeErrors().length).toBeGreaterThan(0), { timeout: RECONNECT_MS, interval: 20 })
      expect(log.mock.calls.flat().join(' ')).not.toMatch(/Unhandled error event/)
    })
  })
})
