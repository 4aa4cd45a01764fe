import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHAT_MESSAGE_PATH, CHAT_SESSION_PATH } from '../../src/core/constants'
import { bunBinary, denoBinary, packageVersion, versionOf, workerdBinary } from './binaries'
import { startFakeUpstream } from './fake-upstream'
import { createScratchApp, PAGE, type ScratchApp } from './scratch-app'
import type { ServerProcess } from './server-process'
import { denoServe, OTHER_KEY_SERVERS, SERVERS, type ServerSpec } from './servers'

const API_KEY = 'sk-runtimes-0123456789abcdef'
const OTHER_KEY = 'sk-another-site-0123456789abcdef'
const MOUNT = '/api/hottask'

let upstream: Awaited<ReturnType<typeof startFakeUpstream>>
let app: ScratchApp
/** The serial number the docs' snippets allow, read from the page, so the docs and the test cannot drift. */
let serialNumber: string
const running = new Map<string, ServerProcess>()
const withOtherKey = new Map<string, ServerProcess>()
const versions: Record<string, string> = {}
/** How long each server took to start (bundling included), for the summary the run prints. */
const startupMs: Record<string, number> = {}

async function start(spec: ServerSpec, key: string, into: Map<string, ServerProcess>) {
  const began = performance.now()
  into.set(spec.name, await spec.start(app, key))
  startupMs[`${spec.name}${key === API_KEY ? '' : ' (another key)'}`] = Math.round(performance.now() - began)
}

beforeAll(async () => {
  upstream = await startFakeUpstream()
  app = createScratchApp(upstream.baseUrl)
  const allowed = /allowedSerialNumbers: \['([^']+)'\]/.exec(app.blocks.get('main.ts')?.code ?? '')?.[1]
  if (!allowed) throw new Error(`${PAGE}: the Bun and Deno snippet (main.ts) has no allowedSerialNumbers: ['…'] to test with.`)
  serialNumber = allowed
  Object.assign(versions, {
    node: process.version,
    workerd: versionOf(workerdBinary()),
    miniflare: packageVersion('miniflare'),
    bun: versionOf(bunBinary()),
    deno: versionOf(denoBinary()),
    hono: packageVersion('hono'),
    '@hono/node-server': packageVersion('@hono/node-server'),
    express: packageVersion('express'),
    'react-router': packageVersion('react-router'),
  })
  // One at a time: the machine's cores are shared.
  for (const spec of SERVERS) await start(spec, API_KEY, running)
  for (const spec of OTHER_KEY_SERVERS) await start(spec, OTHER_KEY, withOtherKey)
}, 240_000)

afterAll(async () => {
  await Promise.all([...running.values(), ...withOtherKey.values()].map((server) => server.stop()))
  await upstream?.close()
  app?.remove()
  console.log(`versions: ${JSON.stringify(versions)}\nstartup (ms): ${JSON.stringify(startupMs)}`)
})

const post = (server: ServerProcess, path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${server.origin}${MOUNT}${path}`, { method: 'POST', headers, body })

const envelope = async (response: Response) => {
  const text = await response.text()
  expect(text, 'the key is never in a response').not.toContain(API_KEY)
  return { status: response.status, type: response.headers.get('content-type'), body: JSON.parse(text) as { Success: boolean; Code: number; Message: string; Data: Record<string, unknown> | null } }
}

const newSession = async (server: ServerProcess) => {
  const { status, body } = await envelope(await post(server, CHAT_SESSION_PATH, JSON.stringify({ serialNumber })))
  expect({ status, Success: body.Success }, body.Message).toEqual({ status: 200, Success: true })
  return { sessionID: body.Data!.SessionID as number, sessionToken: body.Data!.SessionToken as string }
}

const message = (server: ServerProcess, session: { sessionID: number; sessionToken: string }, content = 'hello') =>
  post(server, CHAT_MESSAGE_PATH, JSON.stringify({ ...session, content }))

/** The session each server issued, for the tokens-crossing-runtimes cases. */
const issued = new Map<string, { sessionID: number; sessionToken: string }>()

describe.each(SERVERS.map((spec) => [spec.name, spec] as const))('%s', (name, spec) => {
  const server = () => running.get(name)!

  it(`serves ${spec.snippet} of ${PAGE}: a session, with a token signed for it, from HotTask with the key`, async () => {
    const calls = upstream.calls()
    const session = await newSession(server())
    expect(session.sessionToken).toMatch(/\S{20,}/)
    expect(upstream.calls()).toBe(calls + 1)
    expect(upstream.keys.at(-1)).toBe(API_KEY)
    expect(upstream.sessions.at(-1)).toBe(serialNumber)
    issued.set(name, session)
  })

  it('relays a message with its session token', async () => {
    const session = issued.get(name) ?? (await newSession(server()))
    const { status, body } = await envelope(await message(server(), session, `hello from ${name}`))
    expect(status).toBe(200)
    expect(body.Data!.content).toBe(`You said: hello from ${name}`)
    expect(upstream.messages.at(-1)).toMatchObject({ sessionID: session.sessionID, content: `hello from ${name}` })
  })

  it('refuses a forged token with 403, sending nothing upstream', async () => {
    const session = issued.get(name) ?? (await newSession(server()))
    const last = session.sessionToken.at(-2) === 'A' ? 'B' : 'A'
    const forged = `${session.sessionToken.slice(0, -2)}${last}${session.sessionToken.at(-1)}`
    const calls = upstream.calls()
    const { status, body } = await envelope(await message(server(), { ...session, sessionToken: forged }))
    expect([status, body.Code, body.Success]).toEqual([403, 403, false])
    expect(upstream.calls()).toBe(calls)
  })

  it('refuses a serial number not allowed with 403, sending nothing upstream', async () => {
    const calls = upstream.calls()
    const { status, body } = await envelope(await post(server(), CHAT_SESSION_PATH, JSON.stringify({ serialNumber: 'not-this-site-s-bot' })))
    expect([status, body.Code]).toEqual([403, 403])
    expect(upstream.calls()).toBe(calls)
  })

  it('answers GET with the 405 envelope and Allow: POST', async () => {
    const response = await fetch(`${server().origin}${MOUNT}${CHAT_SESSION_PATH}`)
    expect(response.headers.get('allow')).toBe('POST')
    const { status, body } = await envelope(response)
    expect([status, body.Code, body.Success]).toEqual([405, 405, false])
  })

  it('answers a body that is not JSON with the 415 envelope', async () => {
    const { status, body } = await envelope(await post(server(), CHAT_SESSION_PATH, `serialNumber=${serialNumber}`, { 'content-type': 'text/plain' }))
    expect([status, body.Code]).toEqual([415, 415])
  })
})

describe('session tokens cross runtimes', () => {
  it('a token issued on any runtime is accepted by every other with the same key', async () => {
    const refused: string[] = []
    for (const [issuer, session] of issued)
      for (const [name, server] of running) {
        const response = await message(server, session, `from ${issuer}`)
        if (response.status !== 200) refused.push(`${issuer} → ${name}: ${response.status} ${await response.text()}`)
      }
    expect(issued.size).toBe(SERVERS.length)
    expect(refused).toEqual([])
  })

  it('and refused, with nothing sent upstream, by a server with another key (node:crypto and Web Crypto)', async () => {
    const calls = upstream.calls()
    const accepted: string[] = []
    for (const [issuer, session] of issued)
      for (const [name, server] of withOtherKey) {
        const response = await message(server, session)
        if (response.status !== 403) accepted.push(`${issuer} → ${name} (another key): ${response.status}`)
      }
    expect(accepted).toEqual([])
    expect(upstream.calls()).toBe(calls)
  })
})

describe('what the docs say changes with the handler after express.json()', () => {
  const before = () => running.get('Express, handler before express.json()')!
  const after = () => running.get('Express, handler after express.json()')!
  const overParserLimit = JSON.stringify({ serialNumber: 'x'.repeat(101 * 1024) })

  it("invalid JSON: Express's HTML 400 after the parser, the 400 envelope before it", async () => {
    const parsed = await post(after(), CHAT_SESSION_PATH, '{"serialNumber":')
    expect([parsed.status, parsed.headers.get('content-type')]).toEqual([400, expect.stringContaining('text/html')])
    const { status, body } = await envelope(await post(before(), CHAT_SESSION_PATH, '{"serialNumber":'))
    expect([status, body.Code]).toEqual([400, 400])
  })

  it("a body over the parser's 100 KB: Express's HTML 413 after it, the 413 envelope before it", async () => {
    const parsed = await post(after(), CHAT_SESSION_PATH, overParserLimit)
    expect([parsed.status, parsed.headers.get('content-type')]).toEqual([413, expect.stringContaining('text/html')])
    const { status, body } = await envelope(await post(before(), CHAT_SESSION_PATH, overParserLimit))
    expect([status, body.Code]).toEqual([413, 413])
  })

  it("a body over the handler's limit but within the parser's: the 413 envelope either way", async () => {
    const overHandlerLimit = JSON.stringify({ serialNumber: 'x'.repeat(8 * 1024) })
    for (const server of [before(), after()]) {
      const { status, body } = await envelope(await post(server, CHAT_SESSION_PATH, overHandlerLimit))
      expect([status, body.Code]).toEqual([413, 413])
    }
  })
})

describe('Deno without --allow-env', () => {
  let server: ServerProcess
  beforeAll(async () => {
    server = await denoServe('main.ts', ['--allow-net'])(app, API_KEY)
  }, 60_000)
  afterAll(() => server?.stop())

  it('answers the no-key 500 envelope, sends nothing upstream, and logs that it needs --allow-env', async () => {
    const calls = upstream.calls()
    const { status, body } = await envelope(await post(server, CHAT_SESSION_PATH, JSON.stringify({ serialNumber })))
    expect([status, body.Message]).toEqual([500, 'The server has no HotTask key configured.'])
    expect(upstream.calls()).toBe(calls)
    await expect.poll(() => server.output(), { timeout: 5_000 }).toContain('run with --allow-env')
  })
})
