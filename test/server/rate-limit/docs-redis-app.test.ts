import { rmSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildDocsApp, DOCS_SERIAL_NUMBER, startDocsApp, type DocsApp, type DocsSetup } from '../../support/docs-redis-app'
import { freePort } from '../../support/free-port'
import { redisServer, startRedisServerUntil } from '../../support/redis-server'
import { suiteName } from '../../support/system-binary'
import { fakeUpstream } from '../loopback'
import { API_KEY } from '../secret'

/** Reconnecting backs off up to 2 s in the docs' setups; a store timeout is 1 s (the default the docs keep). */
const BACK_MS = 6_000

// An app process set up exactly as docs/proxy-and-security.md shows (its blocks are read from the page), served
// through node:http against a fake HotTask on loopback: it must start and stay up whatever Redis does.
describe.skipIf(redisServer.status === 'skip')(suiteName('the docs’ Redis setups, in a process of their own', redisServer), () => {
  let upstream: Awaited<ReturnType<typeof fakeUpstream>>
  const files = new Map<DocsSetup, string>()
  const cleanups: Array<() => unknown> = []

  beforeAll(async () => {
    upstream = await fakeUpstream()
    for (const setup of ['redis', 'ioredis'] as const) files.set(setup, await buildDocsApp(setup))
  })
  afterAll(async () => {
    for (const file of files.values()) rmSync(file, { force: true })
    await upstream?.close()
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  const redisOn = (port?: number) => startRedisServerUntil(cleanups, { port })

  let visitors = 0
  async function appOf(setup: DocsSetup, redisUrl: string) {
    const app = await startDocsApp(files.get(setup)!, { REDIS_URL: redisUrl, HOTTASK_API_KEY: API_KEY, HOTTASK_FAKE_URL: upstream.url })
    cleanups.push(() => app.stop())
    // Each test its own visitor: the docs' limit of 10 sessions is per x-real-ip, in whichever Redis.
    const visitor = `203.0.113.${++visitors}`
    const send = async () => {
      const response = await fetch(`${app.url}/api/hottask/chat/Chatbot/GetSession`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-real-ip': visitor },
        body: JSON.stringify({ serialNumber: DOCS_SERIAL_NUMBER }),
      })
      await response.arrayBuffer()
      return response.status
    }
    const servesAgain = () => vi.waitFor(async () => expect(await send()).toBe(200), { timeout: BACK_MS, interval: 50 })
    return { app, send, servesAgain }
  }

  const alive = (app: DocsApp) => app.child.exitCode === null && app.child.signalCode === null

  describe.each(['redis', 'ioredis'] as const)('the %s setup', (setup) => {
    it('stays up through Redis paused and killed, answers 503 with nothing sent upstream, and serves again when Redis is back', async () => {
      const redis = await redisOn()
      const { app, send, servesAgain } = await appOf(setup, redis.url)
      await servesAgain()
      const upstreamBefore = upstream.requests.length

      redis.pause()
      expect(await send()).toBe(503)
      redis.resume()
      await servesAgain()

      await redis.kill()
      expect(await send()).toBe(503)
      expect(upstream.requests.length).toBe(upstreamBefore + 1)
      await redisOn(redis.port)
      await servesAgain()

      expect(alive(app)).toBe(true)
      expect(app.stderr()).not.toMatch(/Unhandled|uncaught|ERR_UNHANDLED_ERROR/i)
    })

    it('starts while Redis is down, refuses with 503 meanwhile, and serves once Redis is up', async () => {
      const port = await freePort()
      const { app, send, servesAgain } = await appOf(setup, `redis://127.0.0.1:${port}`)
      const upstreamBefore = upstream.requests.length
      expect(await send()).toBe(503)
      expect(upstream.requests.length).toBe(upstreamBefore)
      await redisOn(port)
      await servesAgain()
      expect(alive(app)).toBe(true)
    })

    it('starts while Redis is hung (accepts, never answers), refuses with 503 meanwhile, and serves once Redis answers', async () => {
      const redis = await redisOn()
      redis.pause()
      const { app, send, servesAgain } = await appOf(setup, redis.url)
      const upstreamBefore = upstream.requests.length
      expect(await send()).toBe(503)
      expect(upstream.requests.length).toBe(upstreamBefore)
      redis.resume()
      await servesAgain()
      expect(alive(app)).toBe(true)
    })
  })
})
