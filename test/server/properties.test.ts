import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { createHotTaskHandler, MAX_REQUEST_BODY_BYTES } from '../../src/server'
import { successBody } from './loopback'
import { API_KEY } from './secret'

const ALLOWED = ['bot-1', 'bot-2']
const GET_SESSION = '/chat/Chatbot/GetSession'

// Methods the Fetch API can carry (it refuses CONNECT, TRACE and TRACK).
// Weighted towards a well-formed call, so that every branch, forwarding included, is reached.
const method = fc.oneof(
  { arbitrary: fc.constant('POST'), weight: 4 },
  fc.constantFrom('POST', 'GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'post'),
  fc.stringMatching(/^[A-Z]{1,10}$/).filter((m) => !['CONNECT', 'TRACE', 'TRACK'].includes(m)),
)
const path = fc.oneof(
  { arbitrary: fc.constant(`/api/hottask${GET_SESSION}`), weight: 4 },
  fc.constantFrom(GET_SESSION, `/api/hottask${GET_SESSION}`, '/', '/api/hottask', `${GET_SESSION}/`, '/chat/chatbot/getsession'),
  fc.webPath(),
  fc.webPath().map((prefix) => prefix.replace(/\/$/, '') + GET_SESSION),
)
const contentType = fc.option(
  fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 4 },
    fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', 'application/xml', 'multipart/form-data'),
    fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
  ),
  { nil: undefined },
)
const serial = fc.oneof(fc.constantFrom(...ALLOWED), fc.string({ maxLength: 300 }), fc.constant('   '), fc.constant('bot-1\u0000'))
const body = fc.oneof(
  { arbitrary: fc.constantFrom(...ALLOWED).map((serialNumber) => JSON.stringify({ serialNumber })), weight: 3 },
  serial.map((serialNumber) => JSON.stringify({ serialNumber })),
  fc.record({ serialNumber: fc.oneof(serial, fc.anything()) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
  fc.integer({ min: MAX_REQUEST_BODY_BYTES - 64, max: 3 * MAX_REQUEST_BODY_BYTES }).map((size) => `{"serialNumber":"bot-1"${' '.repeat(size)}}`),
  fc.constant(null),
)

function buildRequest(m: string, p: string, type: string | undefined, b: string | Uint8Array | null): Request {
  const hasBody = b !== null && m.toUpperCase() !== 'GET' && m.toUpperCase() !== 'HEAD'
  const request = new Request(`http://app.test${p}`, { method: m, body: hasBody ? (b as BodyInit) : null, headers: type === undefined ? {} : { 'content-type': type } })
  if (type === undefined) request.headers.delete('content-type')
  return request
}

describe('handler properties (fast-check)', () => {
  it('never rejects, never answers 5xx to a client mistake, and sends upstream only well-formed, allowed calls', async () => {
    const upstream = vi.fn<typeof fetch>(async () => new Response(successBody(), { headers: { 'content-type': 'application/json' } }))
    const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: ALLOWED, fetch: upstream, onError: () => {} })

    const statuses = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(method, path, contentType, body, async (m, p, type, b) => {
        upstream.mockClear()
        const response = await handler(buildRequest(m, p, type, b))
        const text = await response.text()
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
        expect(response.status).toBeLessThan(500)
        expect(text).not.toContain(API_KEY)
        response.headers.forEach((value) => expect(value).not.toContain(API_KEY))
        if (response.status === 200) {
          expect(upstream).toHaveBeenCalledTimes(1)
          const init = upstream.mock.calls[0]![1]!
          const sent = JSON.parse(init.body as string) as { serialNumber: string }
          expect(Object.keys(sent)).toEqual(['serialNumber'])
          expect(ALLOWED).toContain(sent.serialNumber)
          expect(new Headers(init.headers).get('authorization')).toBe(API_KEY)
        } else {
          expect(upstream).not.toHaveBeenCalled()
          if (m !== 'HEAD') expect(JSON.parse(text)).toMatchObject({ Data: null, Success: false, Code: response.status })
        }
      }),
      { numRuns: 1000 },
    )
    // The inputs reach every branch, forwarding included, so the property is not vacuously true.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 403, 404, 405, 413, 415]))
  }, 60_000)

  it('relays whatever the upstream answers without rejecting or leaking the key', async () => {
    const upstreamReply = fc.record({
      status: fc.integer({ min: 200, max: 599 }).filter((s) => ![204, 205, 304].includes(s)),
      text: fc.oneof(
        fc.string(),
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc.record({ Success: fc.boolean(), Code: fc.integer(), Message: fc.oneof(fc.string(), fc.constant(`bad key ${API_KEY}`)), Data: fc.jsonValue(), Version: fc.string() }).map((v) => JSON.stringify(v)),
      ),
    })
    await fc.assert(
      fc.asyncProperty(upstreamReply, async ({ status, text }) => {
        const handler = createHotTaskHandler({
          apiKey: API_KEY,
          allowedSerialNumbers: ALLOWED,
          fetch: async () => new Response(text, { status }),
          onError: () => {},
        })
        const response = await handler(buildRequest('POST', GET_SESSION, 'application/json', '{"serialNumber":"bot-1"}'))
        const body = await response.text()
        expect(body).not.toContain(API_KEY)
        const envelope = JSON.parse(body)
        expect(typeof envelope.Success).toBe('boolean')
        if (status >= 400) expect(response.status).toBe(status)
        else if (response.status !== status) expect(response.status).toBe(502)
      }),
      { numRuns: 500 },
    )
  }, 60_000)
})
