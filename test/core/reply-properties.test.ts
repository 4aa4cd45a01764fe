import fc from 'fast-check'
import { inspect } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { MAX_REPLY_BYTES } from '../../src/core/constants'
import { isHotTaskError, type HotTaskError } from '../../src/core/errors'
import { SECRET } from '../support/replies'

const MAX_BODY_BYTES = 200 * 1024
const NULL_BODY_STATUSES = [204, 205, 304]
const TIMEOUT_MS = 1_000
const NOT_SETTLED = Symbol('not settled')

/** `text` with the key put in at a random place, or not at all. */
const withKeySomewhere = (text: fc.Arbitrary<string>) =>
  fc.oneof(
    text,
    fc.tuple(text, fc.nat()).map(([s, at]) => s.slice(0, at % (s.length + 1)) + SECRET + s.slice(at % (s.length + 1))),
  )

const printable = (maxLength: number) => fc.string({ maxLength, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) })
const anyText = (maxLength: number) => withKeySomewhere(fc.oneof(fc.string({ maxLength }), printable(maxLength)))
const field = (arbitrary: fc.Arbitrary<unknown>) => fc.oneof(arbitrary, fc.jsonValue({ maxDepth: 3 }), fc.constant(SECRET))

const envelopeBody = fc
  .record(
    {
      Success: field(fc.boolean()),
      Code: field(fc.oneof(fc.constantFrom(200, 400, 401, 404, 429, 500), fc.integer(), fc.double())),
      Message: field(fc.oneof(anyText(400), fc.integer({ min: 0, max: 80_000 }).map((n) => '.'.repeat(n) + 'x'))),
      Data: field(
        fc.record(
          {
            SessionID: field(fc.oneof(fc.integer(), fc.double())),
            content: field(anyText(400)),
            Content: field(anyText(400)),
            messageid: field(fc.integer()),
            totalToken: field(fc.integer()),
          },
          { requiredKeys: [] },
        ),
      ),
      Version: field(anyText(20)),
    },
    { requiredKeys: [] },
  )
  .map((value) => JSON.stringify(value))

const body = fc.oneof(
  { arbitrary: envelopeBody, weight: 4 },
  fc.jsonValue().map((value) => JSON.stringify(value)),
  anyText(2_000),
  fc.constantFrom('', 'null', '{}', '[]', '{"Success":true}', '{"Success":true,"Code":200,"Data":{"SessionID":1}}', '<!doctype html>'),
  // Up to 200 KiB: a padded success envelope, or filler with the key anywhere.
  fc.integer({ min: 0, max: MAX_BODY_BYTES }).map((size) => JSON.stringify({ Success: true, Code: 200, Data: { SessionID: 1 } }) + ' '.repeat(size)),
  fc.tuple(fc.integer({ min: 0, max: MAX_BODY_BYTES }), fc.nat()).map(([size, at]) => {
    const filler = 'x'.repeat(size)
    return filler.slice(0, at % (size + 1)) + SECRET + filler.slice(at % (size + 1))
  }),
  fc.uint8Array({ maxLength: 2_000 }),
)

const waitHeader = fc.oneof(
  fc.constantFrom('0', '1', '2.5', '-1', '1e3', 'NaN', 'Infinity', '9'.repeat(400), 'Wed, 21 Oct 2015 07:28:00 GMT', 'Fri, 01 Jan 2100 00:00:00 GMT', SECRET),
  fc.nat().map(String),
  printable(60),
)
const headers = fc.record(
  { 'retry-after': waitHeader, 'retry-after-ms': waitHeader, 'content-type': fc.constantFrom('application/json', 'text/html'), 'x-echo': withKeySomewhere(printable(40)) },
  { requiredKeys: [] },
)
const status = fc.oneof(fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 408, 429, 500, 502, 503, 504), fc.integer({ min: 200, max: 599 }))
const statusText = withKeySomewhere(printable(300))
// The body in one piece, or streamed in chunks of random sizes (at most 256 of them, to keep runs quick),
// possibly stalling after its last chunk instead of ending, as a server that stops sending would.
const delivery = fc.option(fc.record({ chunk: fc.integer({ min: 1, max: 32 * 1024 }), stalls: fc.boolean() }), { nil: undefined })
type Delivery = { chunk: number; stalls: boolean } | undefined

function reply(s: number, text: string, h: Record<string, string>, b: string | Uint8Array, how: Delivery): Response {
  if (NULL_BODY_STATUSES.includes(s)) return new Response(null, { status: s, statusText: text, headers: h })
  const bytes = typeof b === 'string' ? new TextEncoder().encode(b) : b
  if (how === undefined) return new Response(bytes as BodyInit, { status: s, statusText: text, headers: h })
  const size = Math.max(how.chunk, Math.ceil(bytes.byteLength / 256))
  let at = 0
  const streamed = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at < bytes.byteLength) controller.enqueue(bytes.slice(at, (at += size)))
      else if (!how.stalls) controller.close()
      else return new Promise(() => {}) // never another chunk, never the end
    },
  })
  return new Response(streamed, { status: s, statusText: text, headers: h })
}

const bodyBytes = (b: string | Uint8Array) => (typeof b === 'string' ? new TextEncoder().encode(b).byteLength : b.byteLength)

afterEach(() => vi.useRealTimers())

/** Each call, one attempt within TIMEOUT_MS, and what a success of it must hold. */
const calls = [
  {
    name: 'createChatSession',
    call: (fetch: typeof globalThis.fetch) =>
      createHotTaskClient({ apiKey: SECRET, fetch, maxRetries: 0, timeoutMs: TIMEOUT_MS }).createChatSession('bot-1'),
    succeeded: (value: unknown) => Number.isFinite((value as { sessionId: number }).sessionId),
  },
  {
    name: 'sendMessage',
    call: (fetch: typeof globalThis.fetch) =>
      createHotTaskClient({ apiKey: SECRET, fetch, maxRetries: 0, messageTimeoutMs: TIMEOUT_MS }).sendMessage({ sessionId: 1 }, 'hello'),
    succeeded: (value: unknown) => typeof (value as { content: unknown }).content === 'string',
  },
]

describe.each(calls)('reply reading properties of $name (fast-check)', ({ call, succeeded }) => {
  it('settles within its timeout with a result or a HotTaskError of the kind the reply calls for, short, and never with the key', async () => {
    vi.useFakeTimers()
    await fc.assert(
      fc.asyncProperty(status, statusText, headers, body, delivery, async (s, text, h, b, how) => {
        const fetch = (async () => reply(s, text, h, b, how)) as typeof globalThis.fetch
        let outcome: unknown = NOT_SETTLED
        void call(fetch)
          .then(
            (session) => (outcome = session),
            (error: unknown) => (outcome = error),
          )
        await vi.advanceTimersByTimeAsync(TIMEOUT_MS)
        expect(outcome).not.toBe(NOT_SETTLED)

        if (!isHotTaskError(outcome)) {
          expect(s >= 200 && s < 300).toBe(true)
          expect(succeeded(outcome)).toBe(true)
          return
        }
        const error: HotTaskError = outcome
        const tooLarge = !NULL_BODY_STATUSES.includes(s) && bodyBytes(b) > MAX_REPLY_BYTES
        const stalled = !NULL_BODY_STATUSES.includes(s) && how?.stalls
        const expected = tooLarge ? ['invalid-response'] : stalled ? ['timeout'] : s >= 300 ? ['http'] : ['api', 'invalid-response']
        expect(expected).toContain(error.kind)
        if (error.kind !== 'timeout') expect(error.status).toBe(s)
        expect(error.code === undefined || Number.isFinite(error.code)).toBe(true)
        expect(error.retryAfterMs === undefined || (Number.isFinite(error.retryAfterMs) && error.retryAfterMs >= 0)).toBe(true)
        expect(error.message.length).toBeLessThan(1_000)
        for (const printed of [error.message, error.stack ?? '', String(error), JSON.stringify(error), inspect(error, { depth: Infinity })])
          expect(printed).not.toContain(SECRET)
      }),
      { numRuns: 150 },
    )
    // About a second alone; the margin is for a busy CI machine.
  }, 30_000)
})
