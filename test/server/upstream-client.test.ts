import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskHandler, toNodeHandler, type HotTaskHandlerOptions } from '../../src/server'
import { runsOnNode } from '../../src/server/node/runs-on-node'
import { fakeUpstream, post, serve, successBody } from './loopback'
import { sessionRequest } from './requests'
import { API_KEY } from './secret'

// Which client the handler calls HotTask with, served as a Fetch handler or by toNodeHandler: Node's own http on
// Node itself (a Next.js route handler, Hono or React Router on Node, Express), the global fetch on the runtimes
// whose native client it is, the option always.

const SERIAL = 'bot-1'
const stops: Array<() => Promise<void>> = []
const versions = Object.getOwnPropertyDescriptor(process, 'versions')!

afterEach(async () => {
  vi.unstubAllGlobals()
  Object.defineProperty(process, 'versions', versions)
  vi.restoreAllMocks()
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

/** Makes the running Node say it is Bun, as Bun does (`process.versions.bun` beside `process.versions.node`). */
const pretendBun = () => Object.defineProperty(process, 'versions', { ...versions, value: { ...process.versions, bun: '1.4.5' } })

/** A loopback HotTask, and a global fetch that records its calls and goes to the network as the real one would. */
async function setup() {
  const upstream = await fakeUpstream(() => ({ body: successBody(77) }))
  stops.push(upstream.close)
  const realFetch = globalThis.fetch
  const globalFetch = vi.fn<typeof fetch>((input, init) => realFetch(input, init))
  vi.stubGlobal('fetch', globalFetch)
  return { upstream, globalFetch }
}

type Options = Partial<HotTaskHandlerOptions>
type Answer = { status: number; body: { Data: { SessionID: number } } }

/** The two ways of serving the handler; each makes it (and so chooses its client) when asked for a session. */
const servings = [
  {
    serving: 'the Fetch handler',
    async createSession(options: Options, baseUrl: string): Promise<Answer> {
      const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl, ...options })
      const response = await handler(sessionRequest(SERIAL))
      return { status: response.status, body: await response.json() }
    },
  },
  {
    serving: 'toNodeHandler',
    async createSession(options: Options, baseUrl: string): Promise<Answer> {
      const app = await serve(toNodeHandler(createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl, ...options })))
      stops.push(app.close)
      const { status, body } = await post(`${app.url}/api/hottask/chat/Chatbot/GetSession`, JSON.stringify({ serialNumber: SERIAL }))
      return { status, body: JSON.parse(body) }
    },
  },
]

describe('runsOnNode', () => {
  it('is true on Node, which has no navigator before version 21', () => {
    expect(runsOnNode()).toBe(true)
  })

  it("is true on a Node that names itself in navigator.userAgent (21 and later)", () => {
    vi.stubGlobal('navigator', { userAgent: 'Node.js/22' })
    expect(runsOnNode()).toBe(true)
  })

  it('is false on Bun, which says process.versions.bun', () => {
    pretendBun()
    expect(runsOnNode()).toBe(false)
  })

  it('is false on Deno, which has a global Deno', () => {
    vi.stubGlobal('Deno', {})
    expect(runsOnNode()).toBe(false)
  })

  it.each(['Cloudflare-Workers', 'Bun/1.4.5', 'Deno/2.9.6'])('is false where navigator.userAgent is %s (Workers with nodejs_compat have process.versions.node)', (userAgent) => {
    vi.stubGlobal('navigator', { userAgent })
    expect(runsOnNode()).toBe(false)
  })

  it('is false without process.versions.node (the Edge runtime, browsers)', () => {
    Object.defineProperty(process, 'versions', { ...versions, value: { ...process.versions, node: undefined } })
    expect(runsOnNode()).toBe(false)
    vi.stubGlobal('process', undefined)
    expect(runsOnNode()).toBe(false)
  })
})

describe.each(servings)("$serving's client for HotTask", ({ createSession }) => {
  it("is Node's http on Node: the global fetch is not called, and the connection is kept alive", async () => {
    const { upstream, globalFetch } = await setup()
    const { status, body } = await createSession({}, upstream.url)
    expect(status).toBe(200)
    expect(body.Data.SessionID).toBe(77)
    expect(globalFetch).not.toHaveBeenCalled()
    expect(upstream.requests).toHaveLength(1)
    expect(upstream.requests[0]!.headers).toMatchObject({ authorization: API_KEY, connection: 'keep-alive', 'content-type': 'application/json' })
  })

  it('is the fetch option when one is given, on Node too', async () => {
    const { upstream, globalFetch } = await setup()
    const given = vi.fn<typeof fetch>((input, init) => globalFetch(input, init))
    expect((await createSession({ fetch: given }, upstream.url)).status).toBe(200)
    expect(given).toHaveBeenCalledOnce()
    expect(upstream.requests).toHaveLength(1)
  })

  it.each([
    ['Bun', pretendBun],
    ['Deno', () => vi.stubGlobal('Deno', {})],
    ['Workers with nodejs_compat', () => vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' })],
  ])('is the global fetch on %s, its native client', async (_, pretend) => {
    const { upstream, globalFetch } = await setup()
    pretend()
    expect((await createSession({}, upstream.url)).status).toBe(200)
    expect(globalFetch).toHaveBeenCalledOnce()
    expect(upstream.requests).toHaveLength(1)
  })

  it('is the global fetch on a Node without process.getBuiltinModule (before 20.16)', async () => {
    const { upstream, globalFetch } = await setup()
    const getBuiltinModule = Object.getOwnPropertyDescriptor(process, 'getBuiltinModule')!
    Object.defineProperty(process, 'getBuiltinModule', { ...getBuiltinModule, value: undefined })
    try {
      expect((await createSession({}, upstream.url)).status).toBe(200)
    } finally {
      Object.defineProperty(process, 'getBuiltinModule', getBuiltinModule)
    }
    expect(globalFetch).toHaveBeenCalledOnce()
  })
})
