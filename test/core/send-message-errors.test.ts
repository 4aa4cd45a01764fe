import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { MAX_MESSAGE_LENGTH, MAX_REPLY_BYTES } from '../../src/core/constants'
import { isHotTaskError, type HotTaskError } from '../../src/core/errors'
import { expectKeyHidden } from './expect-key-hidden'
import { envelope, hangingFetch, jsonReply, scriptedFetch, SECRET } from '../support/replies'

const answer = () => jsonReply(envelope({ Data: { messageid: 1, content: 'ok', totalToken: 3 } }))
const failed = (status: number, headers: Record<string, string> = {}, message = 'busy') =>
  jsonReply(envelope({ Success: false, Code: status, Data: null, Message: message }), { status, headers })

/** The error a call rejects with, after running every timer (retry waits, timeouts). */
async function failure(promise: Promise<unknown>): Promise<HotTaskError> {
  const settled = promise.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => error,
  )
  await vi.runAllTimersAsync()
  const error = await settled
  expect(isHotTaskError(error)).toBe(true)
  return error as HotTaskError
}

beforeEach(() => vi.useFakeTimers({ now: Date.parse('2026-12-03T12:00:00Z') }))
afterEach(() => vi.useRealTimers())

describe('sendMessage: invalid-input, and nothing is sent', () => {
  it.each([
    ['undefined', undefined, /^Invalid session: expected a session/],
    ['null', null, /^Invalid session: expected a session .* got null\.$/],
    ['a number', 123, /got number\.$/],
    ['no sessionId', {}, /sessionId must be a positive whole number, got undefined\.$/],
    ['sessionId 0', { sessionId: 0 }, /got 0\.$/],
    ['a negative sessionId', { sessionId: -1 }, /got -1\.$/],
    ['a fractional sessionId', { sessionId: 1.5 }, /got 1\.5\.$/],
    ['sessionId NaN', { sessionId: Number.NaN }, /got NaN\.$/],
    ['an unsafe sessionId', { sessionId: 2 ** 53 }, /got 9007199254740992\.$/],
    ['a string sessionId', { sessionId: '12' }, /got string\.$/],
    ['an empty sessionToken', { sessionId: 1, sessionToken: '' }, /sessionToken must be the non-empty string the proxy issued\.$/],
    ['a number sessionToken', { sessionId: 1, sessionToken: 5 }, /sessionToken must be/],
  ])('a session that is %s', async (_, session, message) => {
    const { fetch, requests } = scriptedFetch(answer())
    const error = await failure(createHotTaskClient({ fetch }).sendMessage(session as never, 'hi'))
    expect(error).toMatchObject({ kind: 'invalid-input', retryable: false })
    expect(error.message).toMatch(message)
    expect(requests).toHaveLength(0)
  })

  it.each([
    ['undefined', undefined, 'expected a string, got undefined'],
    ['null', null, 'expected a string, got null'],
    ['a number', 5, 'expected a string, got number'],
    ['empty', '', 'it is blank'],
    ['spaces', '   ', 'it is blank'],
    ['line breaks and tabs only', '\n\t\r\n', 'it is blank'],
    ['one character too long', 'x'.repeat(MAX_MESSAGE_LENGTH + 1), `it is longer than ${MAX_MESSAGE_LENGTH} characters`],
    ['with NUL', 'a\u0000b', 'it contains control characters other than tab and line breaks'],
    ['with a bell', 'a\u0007', 'it contains control characters other than tab and line breaks'],
    ['with a vertical tab', 'a\u000bb', 'it contains control characters other than tab and line breaks'],
    ['with a form feed', 'a\u000cb', 'it contains control characters other than tab and line breaks'],
    ['with ESC', '\u001b[31mred', 'it contains control characters other than tab and line breaks'],
    ['with DEL', 'a\u007f', 'it contains control characters other than tab and line breaks'],
    ['with a C1 control (NEL)', 'a\u0085b', 'it contains control characters other than tab and line breaks'],
    ['with the last C1 control', 'a\u009fb', 'it contains control characters other than tab and line breaks'],
  ])('content %s', async (_, content, problem) => {
    const { fetch, requests } = scriptedFetch(answer())
    const error = await failure(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, content as string))
    expect(error).toMatchObject({ kind: 'invalid-input', retryable: false, message: `Invalid message: ${problem}.` })
    expect(requests).toHaveLength(0)
  })

  it.each([
    ['exactly MAX_MESSAGE_LENGTH characters', 'x'.repeat(MAX_MESSAGE_LENGTH)],
    ['tabs and line breaks around text', '\tline one\r\nline two\n'],
    ['the first character past C1', 'a\u00a0b'],
    ['a space just before DEL', '~ '],
  ])('sends content %s', async (_, content) => {
    const { fetch, requests } = scriptedFetch(answer())
    await createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, content)
    expect(requests).toHaveLength(1)
  })

  it('exports MAX_MESSAGE_LENGTH as 16,384', () => {
    expect(MAX_MESSAGE_LENGTH).toBe(16_384)
  })
})

describe('sendMessage: every failure is a HotTaskError of its kind', () => {
  it('http, with status, code, the server message and Retry-After', async () => {
    const { fetch } = scriptedFetch(failed(400, { 'retry-after': '3' }, 'Bad session'))
    const error = await failure(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi'))
    expect(error).toMatchObject({ kind: 'http', status: 400, code: 400, retryable: false, retryAfterMs: 3000 })
    expect(error.message).toBe('HotTask replied with HTTP 400: Bad session.')
  })

  it('api for a 2xx envelope that reports a failure, naming the message', async () => {
    const { fetch, requests } = scriptedFetch(jsonReply(envelope({ Success: false, Code: 1004, Data: null, Message: 'Session expired.' })))
    const error = await failure(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi'))
    expect(error).toMatchObject({ kind: 'api', code: 1004, status: 200, retryable: false })
    expect(error.message).toBe('HotTask did not answer the message: Session expired (Code 1004).')
    expect(requests).toHaveLength(1)
  })

  it('api when Success is true but Code is not 200', async () => {
    const { fetch } = scriptedFetch(jsonReply(envelope({ Success: true, Code: 500, Data: { content: 'x' } })))
    expect(await failure(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi'))).toMatchObject({ kind: 'api', code: 500 })
  })

  it.each([
    ['not JSON', new Response('<!doctype html>', { status: 200 })],
    ['not the envelope', jsonReply({ content: 'hi' })],
    ['a success whose Data is null', jsonReply(envelope({ Data: null }))],
    ['a success with no Data field', jsonReply({ Version: '1.0.0', Success: true, Code: 200, Message: '' })],
    ['a success whose content is not a string', jsonReply(envelope({ Data: { content: 42 } }))],
    ['a success whose Data is a list', jsonReply(envelope({ Data: [{ content: 'a' }] }))],
    ['a success whose Data is a string', jsonReply(envelope({ Data: 'hello' }))],
  ])('invalid-response for %s, not retried', async (_, reply) => {
    const { fetch, requests } = scriptedFetch(reply)
    const error = await failure(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi'))
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200, retryable: false })
    expect(requests).toHaveLength(1)
  })

  it('invalid-response names the missing content', async () => {
    const { fetch } = scriptedFetch(jsonReply(envelope({ Data: { messageid: 1 } })))
    const error = await failure(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi'))
    expect(error.message).toBe('HotTask reported success without a string Data.content.')
  })

  it('invalid-response for a reply over 64 KiB, not retried and not read whole', async () => {
    const padded = JSON.stringify(envelope({ Data: { content: 'x'.repeat(MAX_REPLY_BYTES) } }))
    const { fetch, requests } = scriptedFetch(() => new Response(padded))
    const error = await failure(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi'))
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200 })
    expect(error.message).toBe('HotTask replied (HTTP 200) with over 64 KiB.')
    expect(requests).toHaveLength(1)
  })

  it('network when fetch rejects: retryable, but returned at once (the message may have reached HotTask)', async () => {
    const cause = new TypeError('fetch failed')
    const { fetch, requests } = scriptedFetch(cause)
    const error = await failure(createHotTaskClient({ fetch, baseUrl: 'http://127.0.0.1:9' }).sendMessage({ sessionId: 1 }, 'hi'))
    expect(error).toMatchObject({ kind: 'network', retryable: true, cause })
    expect(error.message).toBe('Could not reach HotTask at http://127.0.0.1:9/chat/Chat/ClientAsk: fetch failed')
    expect(requests).toHaveLength(1)
  })
})

describe('sendMessage: messageTimeoutMs', () => {
  it('times an attempt out after 60 s by default (not the 15 s of a session), and does not retry it', async () => {
    const { fetch, requests } = hangingFetch()
    const settled = createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi').catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(59_999)
    expect(requests[0]!.signal.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    const error = (await settled) as HotTaskError
    expect(error).toMatchObject({ kind: 'timeout', retryable: true })
    expect(error.message).toBe('HotTask did not reply within 60000 ms (https://usapi.hottask.com/chat/Chat/ClientAsk).')
    await vi.runAllTimersAsync()
    expect(requests).toHaveLength(1)
  })

  it('honours messageTimeoutMs, and timeoutMs does not apply to messages', async () => {
    const { fetch, requests } = hangingFetch()
    const settled = createHotTaskClient({ fetch, timeoutMs: 10, messageTimeoutMs: 250 }).sendMessage({ sessionId: 1 }, 'hi').catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(249)
    expect(requests[0]!.signal.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await settled).toMatchObject({ kind: 'timeout', message: expect.stringContaining('250 ms') })
  })

  it('messageTimeoutMs does not apply to sessions', async () => {
    const { fetch, requests } = hangingFetch()
    const settled = createHotTaskClient({ fetch, maxRetries: 0, messageTimeoutMs: 100_000 }).createChatSession('a').catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(15_000)
    expect(requests[0]!.signal.aborted).toBe(true)
    expect(await settled).toMatchObject({ kind: 'timeout', message: expect.stringContaining('15000 ms') })
  })

  it.each([0, -1, 1.5, Number.NaN, 2 ** 31, '1000'])('refuses messageTimeoutMs %j with a config error', (messageTimeoutMs) => {
    expect(() => createHotTaskClient({ messageTimeoutMs: messageTimeoutMs as number })).toThrow(
      expect.objectContaining({ kind: 'config', message: expect.stringContaining('messageTimeoutMs must be a whole number from 1 to 2147483647') }),
    )
  })
})

describe('sendMessage: retries only what says the message was not taken', () => {
  it.each([429, 503])('retries HTTP %i up to maxRetries (3 attempts by default)', async (status) => {
    const { fetch, requests } = scriptedFetch(failed(status))
    const error = await failure(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi'))
    expect(error).toMatchObject({ kind: 'http', status })
    expect(requests).toHaveLength(3)
  })

  it.each([408, 500, 502, 504])('returns HTTP %i at once, though it is retryable', async (status) => {
    const { fetch, requests } = scriptedFetch(failed(status))
    const error = await failure(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi'))
    expect(error).toMatchObject({ kind: 'http', status, retryable: true })
    expect(requests).toHaveLength(1)
  })

  it('returns a timeout at once', async () => {
    const { fetch, requests } = hangingFetch()
    const error = await failure(createHotTaskClient({ fetch, messageTimeoutMs: 5 }).sendMessage({ sessionId: 1 }, 'hi'))
    expect(error.kind).toBe('timeout')
    expect(requests).toHaveLength(1)
  })

  it('waits as long as Retry-After says, then succeeds', async () => {
    const { fetch, requests } = scriptedFetch(failed(429, { 'retry-after': '2' }), answer())
    const call = createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi')
    await vi.advanceTimersByTimeAsync(1_999)
    expect(requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(requests).toHaveLength(2)
    await expect(call).resolves.toMatchObject({ content: 'ok' })
  })

  it('honours retry-after-ms', async () => {
    const { fetch, requests } = scriptedFetch(failed(503, { 'retry-after-ms': '300' }), answer())
    const call = createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi')
    await vi.advanceTimersByTimeAsync(299)
    expect(requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    await expect(call).resolves.toMatchObject({ content: 'ok' })
  })

  it('returns the error instead of waiting past 60 s', async () => {
    const { fetch, requests } = scriptedFetch(failed(429, { 'retry-after': '61' }), answer())
    const error = await failure(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi'))
    expect(error).toMatchObject({ kind: 'http', status: 429, retryAfterMs: 61_000 })
    expect(requests).toHaveLength(1)
  })

  it('backs off without Retry-After: the first retry within 0.5 s, not before 0.375 s', async () => {
    const { fetch, requests } = scriptedFetch(failed(503), answer())
    const call = createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi')
    await vi.advanceTimersByTimeAsync(374)
    expect(requests).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(126)
    expect(requests).toHaveLength(2)
    await call
  })

  it.each([0, 1, 4])('makes %i + 1 attempts with maxRetries %i', async (maxRetries) => {
    const { fetch, requests } = scriptedFetch(failed(503))
    await failure(createHotTaskClient({ fetch, maxRetries }).sendMessage({ sessionId: 1 }, 'hi'))
    expect(requests).toHaveLength(maxRetries + 1)
  })

  it('lets one call override maxRetries, and refuses a bad one with a config error', async () => {
    const { fetch, requests } = scriptedFetch(failed(503))
    const client = createHotTaskClient({ fetch, maxRetries: 5 })
    await failure(client.sendMessage({ sessionId: 1 }, 'hi', { maxRetries: 0 }))
    expect(requests).toHaveLength(1)
    expect(await failure(client.sendMessage({ sessionId: 1 }, 'hi', { maxRetries: -1 }))).toMatchObject({ kind: 'config' })
    expect(requests).toHaveLength(1)
  })
})

describe('sendMessage: abort', () => {
  it('an aborted signal: aborted, nothing sent', async () => {
    const { fetch, requests } = scriptedFetch(answer())
    const reason = new Error('left the page')
    const error = await failure(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi', { signal: AbortSignal.abort(reason) }))
    expect(error).toMatchObject({ kind: 'aborted', retryable: false, cause: reason })
    expect(requests).toHaveLength(0)
  })

  it('aborting mid-attempt rejects at once and cancels the request', async () => {
    const { fetch, requests } = hangingFetch()
    const controller = new AbortController()
    const call = createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi', { signal: controller.signal })
    await vi.advanceTimersByTimeAsync(10)
    controller.abort()
    await expect(call).rejects.toMatchObject({ kind: 'aborted' })
    expect(requests[0]!.signal.aborted).toBe(true)
  })

  it('aborting while waiting to retry: aborted, no further attempt', async () => {
    const { fetch, requests } = scriptedFetch(failed(429, { 'retry-after': '5' }))
    const controller = new AbortController()
    const call = createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi', { signal: controller.signal })
    await vi.advanceTimersByTimeAsync(1_000)
    controller.abort()
    await expect(call).rejects.toMatchObject({ kind: 'aborted' })
    await vi.runAllTimersAsync()
    expect(requests).toHaveLength(1)
  })
})

describe('sendMessage: the key never shows in an error', () => {
  it.each([
    ['echoed in an HTTP error', () => failed(401, {}, `bad key ${SECRET}`)],
    ['echoed in an api error', () => jsonReply(envelope({ Success: false, Code: 401, Data: null, Message: SECRET }))],
    ['echoed in a body that is not the envelope', () => new Response(`<p>${SECRET}</p>`)],
    ['in a success without content', () => jsonReply(envelope({ Data: { key: SECRET } }))],
  ])('%s', async (_, reply) => {
    const { fetch } = scriptedFetch(reply)
    expectKeyHidden(await failure(createHotTaskClient({ apiKey: SECRET, fetch, maxRetries: 0 }).sendMessage({ sessionId: 1 }, 'hi')), SECRET)
  })

  it('in the cause of a network error', async () => {
    const { fetch } = scriptedFetch(new TypeError(`connect failed with ${SECRET}`))
    expectKeyHidden(await failure(createHotTaskClient({ apiKey: SECRET, fetch }).sendMessage({ sessionId: 1 }, 'hi')), SECRET)
  })
})
