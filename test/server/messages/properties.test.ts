import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { MAX_MESSAGE_BODY_BYTES } from '../../../src/server'
import { handlerPaths } from '../handler-paths'
import { API_KEY } from '../secret'
import { ORIGIN, MESSAGE_PATH, replyEnvelope, SECRET, SERIAL, tokenFor } from './conversation'

/** Tokens the handler would take (for the session id in the key), made once. */
const issued = new Map<number, string>()
const SESSION_IDS = [1, 1001, 2 ** 40]

/** One character of `token` replaced, one added or one removed, or the token cut short. */
const mutated = (token: string) =>
  fc.oneof(
    fc.record({ at: fc.nat(token.length - 1), by: fc.string({ minLength: 1, maxLength: 1 }) }).map(({ at, by }) => token.slice(0, at) + by + token.slice(at + 1)),
    fc.record({ at: fc.nat(token.length), by: fc.string({ minLength: 1, maxLength: 1 }) }).map(({ at, by }) => token.slice(0, at) + by + token.slice(at)),
    fc.nat(token.length - 1).map((at) => token.slice(0, at)),
  )

const sessionId = fc.oneof({ arbitrary: fc.constantFrom(...SESSION_IDS), weight: 4 }, fc.integer(), fc.double(), fc.string({ maxLength: 8 }), fc.constant(null))
const token = (id: unknown) =>
  fc.oneof(
    { arbitrary: fc.constant(issued.get(id as number)), weight: 6 },
    fc.constantFrom(...issued.values()),
    mutated(issued.get(1001)!),
    fc.string({ maxLength: 60 }),
    fc.anything(),
  )
const content = fc.oneof({ arbitrary: fc.string({ minLength: 1, maxLength: 50 }).filter((text) => text.trim() !== ''), weight: 4 }, fc.string({ maxLength: 5000 }), fc.anything())
const mediaFields = fc.record(
  {
    chatAskType: fc.oneof(fc.constantFrom('Text', null, 'Audio', 'Image', 'text'), fc.anything()),
    stream: fc.oneof(fc.constantFrom(false, true, null, 'false'), fc.anything()),
    fileIds: fc.oneof(fc.constantFrom([], null, [1], {}), fc.anything()),
  },
  { requiredKeys: [] },
)
const media = fc.oneof({ arbitrary: fc.constant({}), weight: 6 }, mediaFields)
const message = fc
  .tuple(sessionId, content, media, fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 3 }))
  .chain(([id, text, extras, other]) => token(id).map((sessionToken) => ({ ...other, ...extras, sessionID: id, content: text, sessionToken })))
const body = fc.oneof(
  { arbitrary: message.map((value) => JSON.stringify(value) ?? 'null'), weight: 6 },
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.integer({ min: MAX_MESSAGE_BODY_BYTES - 100, max: MAX_MESSAGE_BODY_BYTES + 100 }).map((size) => `{"content":"hi"${' '.repeat(size)}}`),
)
const path = fc.oneof({ arbitrary: fc.constant(MESSAGE_PATH), weight: 8 }, fc.constantFrom('/chat/Chat/ClientAsk', '/chat/chat/clientask', '/chat/Chat/ClientAsk/', '/'), fc.webPath())
const method = fc.oneof({ arbitrary: fc.constant('POST'), weight: 8 }, fc.constantFrom('GET', 'PUT', 'DELETE', 'OPTIONS'))
const contentType = fc.oneof({ arbitrary: fc.constant('application/json'), weight: 8 }, fc.constantFrom('text/plain', 'application/json; charset=utf-8', 'APPLICATION/JSON'))

const DOCUMENTED = [200, 400, 403, 404, 405, 413, 415]

describe.each(handlerPaths)('the message route under any request (fast-check, $path)', ({ path: served, createHandler }) => {
  it('forwards only a text message with a token issued for its session, and answers only documented statuses', async () => {
    for (const id of SESSION_IDS) if (!issued.has(id)) issued.set(id, await tokenFor(id, { secret: SECRET, expiresAt: Date.now() + 3_600_000 }))
    const upstream = vi.fn<typeof fetch>(async () => new Response(JSON.stringify(replyEnvelope()), { headers: { 'content-type': 'application/json' } }))
    const handler = createHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], sessionSecret: SECRET, messageRateLimit: false, fetch: upstream, onError: () => {} })
    const seen = new Set<number>()
    await fc.assert(
      fc.asyncProperty(method, path, contentType, body, async (m, p, type, text) => {
        upstream.mockClear()
        // Only POST carries a body: Node's own parser refuses some methods with one (a chunked OPTIONS) before any handler runs.
        const request = new Request(ORIGIN + p, { method: m, headers: { 'content-type': type }, body: m === 'POST' ? text : null })
        const response = await handler(request)
        const answer = await response.text()
        seen.add(response.status)
        expect(DOCUMENTED).toContain(response.status)
        expect(answer).not.toContain(API_KEY)
        if (response.status !== 200) {
          expect(upstream).not.toHaveBeenCalled()
          expect(JSON.parse(answer)).toMatchObject({ Data: null, Success: false, Code: response.status })
          return
        }
        expect(upstream).toHaveBeenCalledTimes(1)
        const sent = JSON.parse(upstream.mock.calls[0]![1]!.body as string) as { sessionID: number; content: string; stream: false }
        const asked = JSON.parse(text) as { sessionID: number; content: string; sessionToken: string }
        expect(Object.keys(sent)).toEqual(['sessionID', 'content', 'stream'])
        expect(sent).toEqual({ sessionID: asked.sessionID, content: asked.content, stream: false })
        expect(issued.get(sent.sessionID)).toBe(asked.sessionToken)
      }),
      { numRuns: served === 'Fetch handler' ? 1000 : 150 },
    )
    // The inputs reach every branch, forwarding included, so the property is not vacuously true.
    expect([...seen].sort()).toEqual(expect.arrayContaining(served === 'Fetch handler' ? DOCUMENTED : [200, 400, 403]))
  }, 120_000)
})
