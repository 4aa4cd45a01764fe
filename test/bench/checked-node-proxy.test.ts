import { fork } from 'node:child_process'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCheckedServer, type CheckedProxyOptions } from '../../bench/checked-node-proxy.mjs'
import { createHotTaskHandler, toNodeHandler } from '../../src/server'
import { sessionKeyring } from '../../src/server/calls/session-key'
import { tokenFor } from '../server/messages/conversation'
import { listenOnLoopback, rawRequest, serve, type RawRequest } from '../server/loopback'

// bench/checked-node-proxy.mjs, the floor of the proxy figures, must do the handler's checks with the handler's
// outcomes, or the bench compares different work. Every request here goes to both, configured alike, and their
// answers are compared (status, Success, Code, the headers a browser reads); message texts may differ.

const API_KEY = 'bench-secret-key'
const SERIAL = '3254a9d0-bench'
const MOUNT = '/api/hottask'
const SESSION = `${MOUNT}/chat/Chatbot/GetSession`
const MESSAGE = `${MOUNT}/chat/Chat/ClientAsk`
/** Serial numbers whose sessions the fake HotTask answers in a way of their own (see `sessionReply`). */
const ODD_BOTS = ['slow-bot', 'html-bot', 'outage-bot', 'busy-bot', 'echo-bot', 'deep-bot', 'big-bot', 'failing-bot', 'moved-bot', 'string-id-bot']
const ALLOWED = [SERIAL, ...ODD_BOTS]
const SHORT_MS = 300

const envelope = (Data: unknown, Code = 200, Message = '') => JSON.stringify({ Data, Version: '1.0.0', Success: Code === 200, Code, Message })

/** Both servers' fake HotTask: sessions by serial number, messages by content ('hang' never answers). */
const hung = new Set<IncomingMessage>()
let nextSessionId = 5000
function sessionReply(serialNumber: string, res: ServerResponse, req: IncomingMessage) {
  const json = (status: number, body: string, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body)
  switch (serialNumber) {
    case 'slow-bot':
      return hung.add(req)
    case 'html-bot':
      return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>')
    case 'outage-bot':
      return res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '7' }).end('<html>503</html>')
    case 'busy-bot':
      return json(429, envelope(null, 429, 'Slow down'), { 'retry-after': '3', 'retry-after-ms': '2500' })
    case 'echo-bot':
      // The key's first letter written as a JSON escape: the text does not hold the key, its parsed value does.
      return json(401, `{"Data":null,"Version":"1.0.0","Success":false,"Code":401,"Message":"Bad key \\u0062${API_KEY.slice(1)}"}`)
    case 'deep-bot':
      return json(200, envelope({ SessionID: 7, nested: JSON.parse('['.repeat(100) + ']'.repeat(100)) }))
    case 'big-bot':
      return json(200, envelope({ SessionID: 7, padding: 'x'.repeat(70 * 1024) }))
    case 'failing-bot':
      return json(200, envelope(null, 500, 'Internal error'))
    case 'moved-bot':
      return res.writeHead(302, { location: 'https://elsewhere.test/' }).end()
    case 'string-id-bot':
      return json(200, envelope({ SessionID: '12' }))
    default:
      return json(200, envelope({ SessionID: ++nextSessionId }))
  }
}

/** What the fake HotTask was sent, for the bodies both servers build. */
const seen: Array<{ path: string; authorization: string | undefined; body: string }> = []
const upstream = await serve((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString()
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization, body })
    const parsed = JSON.parse(body) as { serialNumber?: string; content?: string }
    if (req.url?.endsWith('/chat/Chatbot/GetSession')) return sessionReply(parsed.serialNumber ?? '', res, req)
    if (parsed.content === 'hang') return hung.add(req)
    res.writeHead(200, { 'content-type': 'application/json' }).end(envelope({ messageid: 375561, content: 'Hi! How can I help?', totalToken: 4337 }))
  })
})

type Options = Omit<CheckedProxyOptions, 'apiKey' | 'allowedSerialNumbers' | 'baseUrl'> & { baseUrl?: string; bodyTimeoutMs?: number }
const stops: Array<() => Promise<void>> = [upstream.close]
afterAll(async () => {
  for (const req of hung) req.socket.destroy()
  await Promise.all(stops.map((stop) => stop()))
})

/** The floor and toNodeHandler(createHotTaskHandler(…)), each on loopback, with the same options. */
async function bothServers(options: Options = {}) {
  const shared = { apiKey: API_KEY, allowedSerialNumbers: ALLOWED, baseUrl: upstream.url, messageRateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 }, ...options }
  const floor = await listenOnLoopback(createCheckedServer({ ...shared, checkIntervalMs: 50 }))
  stops.push(floor.close)
  const handler = await serve(toNodeHandler(createHotTaskHandler({ ...shared, onError: () => {} })))
  stops.push(handler.close)
  return { floor: floor.url, handler: handler.url }
}

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  envelope: { Data?: Record<string, unknown> | null; Success?: unknown; Code?: unknown; Message?: unknown; Version?: unknown } | undefined
}

async function ask(origin: string, path: string, request: RawRequest): Promise<Answer> {
  const { status, headers, body } = await rawRequest(origin + path, request)
  let parsed: Answer['envelope']
  try {
    parsed = JSON.parse(body) as Answer['envelope']
  } catch {
    parsed = undefined
  }
  return { status, headers, body, envelope: parsed }
}

const jsonPost = (body: unknown, headers: Record<string, string> = {}): RawRequest => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
})

/** Sends `request` to both servers and checks they answer it alike, with `status`; returns both answers. */
async function expectSameAnswer(servers: { floor: string; handler: string }, path: string, request: RawRequest, status: number) {
  const floor = await ask(servers.floor, path, request)
  const handler = await ask(servers.handler, path, request)
  expect({ status: floor.status, Success: floor.envelope?.Success, Code: floor.envelope?.Code }).toEqual({
    status: handler.status,
    Success: handler.envelope?.Success,
    Code: handler.envelope?.Code,
  })
  expect(handler.status).toBe(status)
  for (const name of ['content-type', 'cache-control', 'allow', 'transfer-encoding', 'connection']) expect([name, floor.headers[name]]).toEqual([name, handler.headers[name]])
  // Present on both or neither; a wait the server works out itself depends on its clock.
  for (const name of ['retry-after', 'retry-after-ms']) expect([name, name in floor.headers]).toEqual([name, name in handler.headers])
  expect(floor.body).not.toContain(API_KEY)
  expect(handler.body).not.toContain(API_KEY)
  return { floor, handler }
}

const sessionOf = ({ envelope: answer }: Answer) => {
  const data = answer?.Data as { SessionID: number; SessionToken: string }
  return { sessionId: data.SessionID, sessionToken: data.SessionToken }
}

describe('the floor (bench/checked-node-proxy.mjs) answers as toNodeHandler does: sessions', () => {
  let servers: { floor: string; handler: string }
  beforeAll(async () => {
    servers = await bothServers({ timeoutMs: SHORT_MS })
  })

  it('a valid session: 200, the envelope relayed with a SessionToken, the same upstream body and key', async () => {
    const before = seen.length
    const { floor, handler } = await expectSameAnswer(servers, SESSION, jsonPost({ serialNumber: SERIAL }), 200)
    expect(Object.keys(floor.envelope!)).toEqual(Object.keys(handler.envelope!))
    expect(Object.keys(floor.envelope!.Data!)).toEqual(['SessionID', 'SessionToken'])
    expect(Object.keys(handler.envelope!.Data!)).toEqual(['SessionID', 'SessionToken'])
    const [toFloor, toHandler] = seen.slice(before)
    expect(toFloor).toEqual(toHandler)
    expect(toFloor).toEqual({ path: '/chat/Chatbot/GetSession', authorization: API_KEY, body: JSON.stringify({ serialNumber: SERIAL }) })
  })

  it('the same token bytes: both sign the same claims alike', async () => {
    const floor = sessionOf(await ask(servers.floor, SESSION, jsonPost({ serialNumber: SERIAL })))
    const handler = sessionOf(await ask(servers.handler, SESSION, jsonPost({ serialNumber: SERIAL })))
    // v1.<id>.<expiry>.<serial>.<signature>: the parts that do not depend on the id or the clock are equal.
    const [version, , , serial] = floor.sessionToken.split('.')
    expect(handler.sessionToken.split('.')[0]).toBe(version)
    expect(handler.sessionToken.split('.')[3]).toBe(serial)
    // Each token, re-signed by the handler's own code for its claims, is the same string.
    for (const { sessionId, sessionToken } of [floor, handler]) {
      const expiresAt = Number(sessionToken.split('.')[2])
      expect(await tokenFor(sessionId, { serialNumber: SERIAL, expiresAt, apiKey: API_KEY })).toBe(sessionToken)
    }
  })

  const refusals: Array<[string, string, RawRequest, number]> = [
    ['another path', `${MOUNT}/chat/Other`, jsonPost({ serialNumber: SERIAL }), 404],
    ['a percent-escaped path, which the URL parser does not decode', `${MOUNT}/chat/Chatbot/Get%53ession`, jsonPost({ serialNumber: SERIAL }), 404],
    ['GET', SESSION, { method: 'GET' }, 405],
    ['OPTIONS', SESSION, { method: 'OPTIONS' }, 405],
    ['a text/plain body', SESSION, jsonPost({ serialNumber: SERIAL }, { 'content-type': 'text/plain' }), 415],
    ['no content type', SESSION, { body: JSON.stringify({ serialNumber: SERIAL }) }, 415],
    ['a body over 4 KiB (Content-Length)', SESSION, jsonPost({ serialNumber: SERIAL, padding: 'x'.repeat(5000) }), 413],
    ['a body over 4 KiB (chunked)', SESSION, { headers: { 'content-type': 'application/json' }, chunks: ['{"padding": "', 'x'.repeat(3000), 'x'.repeat(3000), '"}'] }, 413],
    ['bad JSON', SESSION, jsonPost('{"serialNumber": '), 400],
    // Decoded leniently, this would be JSON with a serial number (U+FFFD in it): not allowed, a 403.
    ['bytes that are not UTF-8', SESSION, { headers: { 'content-type': 'application/json' }, chunks: [Buffer.from(`{"serialNumber": "${SERIAL}`), Buffer.from([0xff]), Buffer.from('"}')] }, 400],
    ['an empty body', SESSION, jsonPost(''), 400],
    ['an array', SESSION, jsonPost([SERIAL]), 400],
    ['null', SESSION, jsonPost('null'), 400],
    ['a string', SESSION, jsonPost(JSON.stringify(SERIAL)), 400],
    ['no serial number', SESSION, jsonPost({}), 400],
    ['a serial number that is a number', SESSION, jsonPost({ serialNumber: 42 }), 400],
    ['a blank serial number', SESSION, jsonPost({ serialNumber: '   ' }), 400],
    ['a serial number over 256 characters', SESSION, jsonPost({ serialNumber: 'x'.repeat(257) }), 400],
    ['a serial number with a control character', SESSION, jsonPost({ serialNumber: 'bot\u0085' }), 400],
    ['a serial number not allowed', SESSION, jsonPost({ serialNumber: 'not-allowed' }), 403],
    ['a serial number only under "__proto__"', SESSION, jsonPost(`{"__proto__": {"serialNumber": "${SERIAL}"}}`), 400],
  ]
  it.each(refusals)('%s: the same refusal', async (_, path, request, status) => {
    const before = seen.length
    await expectSameAnswer(servers, path, request, status)
    expect(seen.length).toBe(before)
  })

  const accepted: Array<[string, string, RawRequest]> = [
    ['a query string', `${SESSION}?from=test`, jsonPost({ serialNumber: SERIAL })],
    ['a dot segment', `${MOUNT}/x/../chat/Chatbot/GetSession`, jsonPost({ serialNumber: SERIAL })],
    ['a byte order mark before the JSON', SESSION, jsonPost(`\ufeff${JSON.stringify({ serialNumber: SERIAL })}`)],
    ['application/json with parameters, in capitals', SESSION, jsonPost({ serialNumber: SERIAL }, { 'content-type': ' Application/JSON ; charset=utf-8' })],
  ]
  it.each(accepted)('%s: both forward it', async (_, path, request) => {
    await expectSameAnswer(servers, path, request, 200)
  })

  const relayed: Array<[string, string, number]> = [
    ['a 2xx reply that is not the envelope', 'html-bot', 502],
    ['an error page with Retry-After', 'outage-bot', 503],
    ['an error envelope with Retry-After and retry-after-ms', 'busy-bot', 429],
    ['an error envelope echoing the key in a JSON escape', 'echo-bot', 401],
    ['an envelope nested too deeply', 'deep-bot', 502],
    ['a reply over 64 KiB', 'big-bot', 502],
    ['a failure envelope with a 200 (no token added)', 'failing-bot', 200],
    ['a redirect (never followed)', 'moved-bot', 502],
    ['a success whose SessionID is a string (no token added)', 'string-id-bot', 200],
    ['no reply within timeoutMs', 'slow-bot', 504],
  ]
  it.each(relayed)('HotTask answers with %s: the same answer', async (_, serialNumber, status) => {
    const { floor, handler } = await expectSameAnswer(servers, SESSION, jsonPost({ serialNumber }), status)
    // A reply relayed from HotTask is the same bytes from both, with the same wait (the refusals' own texts may differ).
    if (status !== 502 && status !== 504) expect(floor.body).toBe(handler.body)
    for (const name of ['retry-after', 'retry-after-ms']) expect([name, floor.headers[name]]).toEqual([name, handler.headers[name]])
  })

  it('HotTask unreachable: 502 from both', async () => {
    const closed = await serve(() => {})
    await closed.close()
    const unreachable = await bothServers({ baseUrl: closed.url })
    await expectSameAnswer(unreachable, SESSION, jsonPost({ serialNumber: SERIAL }), 502)
  })
})

describe('the floor answers as toNodeHandler does: messages', () => {
  let servers: { floor: string; handler: string }
  let fromFloor: { sessionId: number; sessionToken: string }
  let fromHandler: { sessionId: number; sessionToken: string }
  beforeAll(async () => {
    servers = await bothServers({ messageTimeoutMs: SHORT_MS })
    fromFloor = sessionOf(await ask(servers.floor, SESSION, jsonPost({ serialNumber: SERIAL })))
    fromHandler = sessionOf(await ask(servers.handler, SESSION, jsonPost({ serialNumber: SERIAL })))
  })
  const message = (session: { sessionId: number; sessionToken: string }, fields: Record<string, unknown> = {}) =>
    jsonPost({ sessionID: session.sessionId, content: 'Hello! What are your opening hours?', stream: false, sessionToken: session.sessionToken, ...fields })

  it.each([
    ['its own token and the other server’s', () => fromFloor],
    ['the other server’s token and its own', () => fromHandler],
  ])('a valid message with %s: 200 from both, the same upstream body and key', async (_, session) => {
    const before = seen.length
    const { floor, handler } = await expectSameAnswer(servers, MESSAGE, message(session()), 200)
    expect(floor.body).toBe(handler.body)
    const [toFloor, toHandler] = seen.slice(before)
    expect(toFloor).toEqual(toHandler)
    const upstreamBody = { sessionID: session().sessionId, content: 'Hello! What are your opening hours?', stream: false }
    expect(toFloor).toEqual({ path: '/chat/Chat/ClientAsk', authorization: API_KEY, body: JSON.stringify(upstreamBody) })
  })

  /** `token` with the character at `index` (from its end when negative) changed, still a well-formed token. */
  const changed = (token: string, index: number) => {
    const at = index < 0 ? token.length + index : index
    return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1)
  }

  const refusals: Array<[string, () => RawRequest, number]> = [
    ['no sessionToken', () => message(fromHandler, { sessionToken: undefined }), 403],
    ['a sessionToken that is a number', () => message(fromHandler, { sessionToken: 42 }), 403],
    ['a sessionToken that is not a token', () => message(fromHandler, { sessionToken: 'nonsense' }), 403],
    ['a sessionToken over 1,200 characters', () => message(fromHandler, { sessionToken: fromHandler.sessionToken + 'x'.repeat(1200) }), 403],
    ['a tampered signature', () => message(fromHandler, { sessionToken: changed(fromHandler.sessionToken, -10) }), 403],
    ['a signature of another encoding of the same bytes', () => message(fromHandler, { sessionToken: fromHandler.sessionToken.slice(0, -1) + 'B' }), 403],
    [
      'a tampered serial number',
      () => {
        const parts = fromHandler.sessionToken.split('.')
        parts[3] = Buffer.from('html-bot').toString('base64url')
        return message(fromHandler, { sessionToken: parts.join('.') })
      },
      403,
    ],
    ['a serial number part that is no base64', () => message(fromHandler, { sessionToken: fromHandler.sessionToken.replace(/\.[\w-]+\.([\w-]+)$/, '.x.$1') }), 403],
    ['the token of another session', () => message(fromHandler, { sessionID: fromHandler.sessionId + 1 }), 403],
    ['the token of the floor’s session for the handler’s', () => message(fromFloor, { sessionID: fromHandler.sessionId }), 403],
    ['content over maxMessageLength (4,000)', () => message(fromHandler, { content: 'x'.repeat(4001) }), 400],
    ['blank content', () => message(fromHandler, { content: ' \n ' }), 400],
    ['content with a control character', () => message(fromHandler, { content: 'hi\u0007' }), 400],
    ['content that is a number', () => message(fromHandler, { content: 7 }), 400],
    ['a sessionID that is a string', () => message(fromHandler, { sessionID: String(fromHandler.sessionId) }), 400],
    ['a sessionID of 0', () => message(fromHandler, { sessionID: 0 }), 400],
    ['a sessionID that is not whole', () => message(fromHandler, { sessionID: 1.5 }), 400],
    ['stream: true', () => message(fromHandler, { stream: true }), 400],
    ['chatAskType "Image"', () => message(fromHandler, { chatAskType: 'Image' }), 400],
    ['fileIds with an id', () => message(fromHandler, { fileIds: [1] }), 400],
    ['a body over 64 KiB', () => message(fromHandler, { padding: 'x'.repeat(65 * 1024) }), 413],
    ['a text/plain body', () => ({ ...message(fromHandler), headers: { 'content-type': 'text/plain' } }), 415],
    ['bad JSON', () => jsonPost('{"sessionID": 1,'), 400],
    ['an array', () => jsonPost([]), 400],
    ['GET', () => ({ method: 'GET' }), 405],
  ]
  it.each(refusals)('%s: the same refusal, nothing sent upstream', async (_, request, status) => {
    const before = seen.length
    await expectSameAnswer(servers, MESSAGE, request(), status)
    expect(seen.length).toBe(before)
  })

  it('an expired token: 403 from both', async () => {
    const sessionToken = await tokenFor(fromHandler.sessionId, { serialNumber: SERIAL, expiresAt: Date.now() - 1, apiKey: API_KEY })
    await expectSameAnswer(servers, MESSAGE, message({ ...fromHandler, sessionToken }), 403)
  })

  it('a valid token for a serial number no longer allowed: 403 from both', async () => {
    const sessionToken = await tokenFor(fromHandler.sessionId, { serialNumber: 'retired-bot', apiKey: API_KEY })
    await expectSameAnswer(servers, MESSAGE, message({ ...fromHandler, sessionToken }), 403)
  })

  it('a signed token whose serial number part has 4n+1 characters (no base64, though a lenient decoder reads an allowed serial): 403 from both', async () => {
    const serial = Buffer.from('moved-bot').toString('base64url')
    expect(serial.length % 4).toBe(0)
    const signed = `v1.${fromHandler.sessionId}.${Date.now() + 60_000}.${serial}A`
    const key = await sessionKeyring(undefined)(API_KEY)
    const sessionToken = `${signed}.${Buffer.from(await key.sign(new TextEncoder().encode(signed))).toString('base64url')}`
    await expectSameAnswer(servers, MESSAGE, message({ ...fromHandler, sessionToken }), 403)
  })

  it('a token signed with another key: 403 from both', async () => {
    const sessionToken = await tokenFor(fromHandler.sessionId, { serialNumber: SERIAL, apiKey: 'another-key' })
    await expectSameAnswer(servers, MESSAGE, message({ ...fromHandler, sessionToken }), 403)
  })

  it.each([
    ['chatAskType "Text"', { chatAskType: 'Text' }],
    ['empty fileIds', { fileIds: [] }],
    ['no stream field', { stream: undefined }],
  ])('%s: both forward it', async (_, fields) => {
    await expectSameAnswer(servers, MESSAGE, message(fromHandler, fields), 200)
  })

  it('no reply within messageTimeoutMs: 504 from both', async () => {
    await expectSameAnswer(servers, MESSAGE, message(fromHandler, { content: 'hang' }), 504)
  })
})

describe('the floor answers as toNodeHandler does: limits, deadlines, visitors who leave', () => {
  it('rateLimit per client address: the third session in the window is a 429 from both; refusals are not counted', async () => {
    const servers = await bothServers({ rateLimit: { limit: 2, windowMs: 60_000 } })
    await expectSameAnswer(servers, SESSION, jsonPost({ serialNumber: 'not-allowed' }), 403)
    await expectSameAnswer(servers, SESSION, jsonPost({ serialNumber: SERIAL }), 200)
    await expectSameAnswer(servers, SESSION, jsonPost({ serialNumber: SERIAL }), 200)
    await expectSameAnswer(servers, SESSION, jsonPost({ serialNumber: SERIAL }), 429)
  })

  it('messageRateLimit per session: the third message in the window is a 429 from both', async () => {
    const servers = await bothServers({ messageRateLimit: { limit: 2, windowMs: 60_000 } })
    const session = sessionOf(await ask(servers.handler, SESSION, jsonPost({ serialNumber: SERIAL })))
    const body = jsonPost({ sessionID: session.sessionId, content: 'Hi', sessionToken: session.sessionToken })
    await expectSameAnswer(servers, MESSAGE, body, 200)
    await expectSameAnswer(servers, MESSAGE, body, 200)
    await expectSameAnswer(servers, MESSAGE, body, 429)
  })

  it('a body that does not arrive within bodyTimeoutMs: 408 from both (the floor’s is Node’s own, without an envelope)', async () => {
    const servers = await bothServers({ bodyTimeoutMs: SHORT_MS })
    const dripping: RawRequest = { headers: { 'content-type': 'application/json', 'content-length': '100' }, chunks: ['{"serialNumber": '] }
    const floor = await ask(servers.floor, SESSION, dripping)
    const handler = await ask(servers.handler, SESSION, dripping)
    expect([floor.status, handler.status]).toEqual([408, 408])
    expect(handler.envelope?.Code).toBe(408)
  })

  it('a visitor who leaves while HotTask is asked: both cancel the upstream call', async () => {
    const servers = await bothServers()
    for (const origin of [servers.floor, servers.handler]) {
      const before = hung.size
      const visitor = new AbortController()
      const asked = fetch(origin + SESSION, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serialNumber: 'slow-bot' }), signal: visitor.signal })
      await expect.poll(() => hung.size).toBe(before + 1)
      const upstreamCall = [...hung].at(-1)!
      const cancelled = new Promise<void>((resolve) => upstreamCall.socket.once('close', () => resolve()))
      visitor.abort()
      await expect(asked).rejects.toThrow()
      await cancelled
      hung.delete(upstreamCall)
    }
  })
})

describe('bench/checked-node-proxy.mjs as the bench runs it', () => {
  it('forked with HOTTASK_UPSTREAM_URL and HOTTASK_SERIAL, it sends its mount point, accepts the bench handler’s tokens, and exits on disconnect', async () => {
    const script = fileURLToPath(new URL('../../bench/checked-node-proxy.mjs', import.meta.url))
    const child = fork(script, [], { env: { ...process.env, HOTTASK_UPSTREAM_URL: upstream.url, HOTTASK_SERIAL: SERIAL }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    try {
      const { url } = await new Promise<{ url: string }>((resolve, reject) => {
        child.once('message', (sent) => resolve(sent as { url: string }))
        child.once('error', reject)
      })
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/hottask$/)
      // The handler as bench/proxy-server.mjs configures it: bench/proxy.mjs sends its token to every target.
      const benchHandler = await serve(
        toNodeHandler(
          createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, messageRateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 } }),
        ),
      )
      stops.push(benchHandler.close)
      const session = sessionOf(await ask(benchHandler.url, SESSION, jsonPost({ serialNumber: SERIAL })))
      const answer = await ask(url, '/chat/Chat/ClientAsk', jsonPost({ sessionID: session.sessionId, content: 'Hello', sessionToken: session.sessionToken }))
      expect([answer.status, answer.envelope?.Success]).toEqual([200, true])
      expect((await ask(url, '/chat/Chatbot/GetSession', jsonPost({ serialNumber: 'html-bot' }))).status).toBe(403)
    } finally {
      child.disconnect()
    }
    expect(await exited).toBe(0)
  })
})
