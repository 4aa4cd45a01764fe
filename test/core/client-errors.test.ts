import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { isHotTaskError, type HotTaskError } from '../../src/core/errors'
import { envelope, hangingFetch, jsonReply, scriptedFetch } from '../support/replies'

/** The error a call rejects with, after running every timer (retry waits, timeouts). */
async function failure(promise: Promise<unknown>): Promise<HotTaskError> {
  const settled = promise.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (error: unknown) => error,
  )
  await vi.runAllTimersAsync()
  const error = await settled
  expect(isHotTaskError(error)).toBe(true)
  return error as HotTaskError
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('createChatSession: every failure is a HotTaskError of its kind', () => {
  it.each([undefined, null, 42, '', '  ', 'x'.repeat(257), 'a\nb'])('invalid-input for %j, and nothing is sent', async (serial) => {
    const { fetch, requests } = scriptedFetch(jsonReply(envelope()))
    const error = await failure(createHotTaskClient({ fetch }).createChatSession(serial as string))
    expect(error).toMatchObject({ kind: 'invalid-input', retryable: false })
    expect(error.message).toMatch(/^Invalid serial number: /)
    expect(requests).toHaveLength(0)
  })

  it('network when fetch rejects, with the cause, after 3 attempts', async () => {
    const cause = new TypeError('fetch failed')
    const { fetch, requests } = scriptedFetch(cause)
    const error = await failure(createHotTaskClient({ fetch, baseUrl: 'http://127.0.0.1:9' }).createChatSession('a'))
    expect(error).toMatchObject({ kind: 'network', retryable: true, cause })
    expect(error.message).toContain('http://127.0.0.1:9/chat/Chatbot/GetSession')
    expect(requests).toHaveLength(3)
  })

  it('timeout when an attempt runs past timeoutMs (default 15 s)', async () => {
    const { fetch, requests } = hangingFetch()
    const call = createHotTaskClient({ fetch, maxRetries: 0 }).createChatSession('a')
    const settled = call.catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(14_999)
    expect(requests[0]!.signal.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    const error = (await settled) as HotTaskError
    expect(error).toMatchObject({ kind: 'timeout', retryable: true })
    expect(error.message).toContain('15000 ms')
    expect(requests[0]!.signal.aborted).toBe(true)
  })

  it('timeout honours timeoutMs and is retried like other retryable errors', async () => {
    const { fetch, requests } = hangingFetch()
    const error = await failure(createHotTaskClient({ fetch, timeoutMs: 50 }).createChatSession('a'))
    expect(error.kind).toBe('timeout')
    expect(error.message).toContain('50 ms')
    expect(requests).toHaveLength(3)
  })

  it.each([408, 429, 500, 502, 503, 504])('http %i is retryable and retried', async (status) => {
    const { fetch, requests } = scriptedFetch(jsonReply(envelope({ Success: false, Code: status, Data: null, Message: 'busy' }), { status }))
    const error = await failure(createHotTaskClient({ fetch }).createChatSession('a'))
    expect(error).toMatchObject({ kind: 'http', status, code: status, retryable: true })
    expect(error.message).toBe(`HotTask replied with HTTP ${status}: busy.`)
    expect(requests).toHaveLength(3)
  })

  it.each([400, 401, 403, 404, 422, 501])('http %i is not retried', async (status) => {
    const { fetch, requests } = scriptedFetch(jsonReply(envelope({ Success: false, Code: status, Data: null, Message: 'no' }), { status }))
    const error = await failure(createHotTaskClient({ fetch }).createChatSession('a'))
    expect(error).toMatchObject({ kind: 'http', status, code: status, retryable: false })
    expect(requests).toHaveLength(1)
  })

  it('does not double the full stop of a server message', async () => {
    const { fetch } = scriptedFetch(
      jsonReply(envelope({ Success: false, Code: 403, Data: null, Message: 'Not served here.' }), { status: 403 }),
      jsonReply(envelope({ Success: false, Code: 404, Data: null, Message: 'Chatbot not found. ' })),
    )
    const client = createHotTaskClient({ fetch })
    expect((await failure(client.createChatSession('a'))).message).toBe('HotTask replied with HTTP 403: Not served here.')
    expect((await failure(client.createChatSession('a'))).message).toBe('HotTask did not create a chat session: Chatbot not found (Code 404).')
  })

  it('reads a Message that is not a string without failing', async () => {
    const { fetch } = scriptedFetch(jsonReply({ Success: false, Code: 7, Message: 42, Data: null }))
    expect((await failure(createHotTaskClient({ fetch }).createChatSession('a'))).message).toContain(': 42 (Code 7)')
  })

  it('http without the envelope uses the status text and has no code', async () => {
    const { fetch } = scriptedFetch(new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }))
    const error = await failure(createHotTaskClient({ fetch, maxRetries: 0 }).createChatSession('a'))
    expect(error).toMatchObject({ kind: 'http', status: 502, code: undefined })
    expect(error.message).toBe('HotTask replied with HTTP 502: Bad Gateway.')
  })

  it('http with neither a Message nor a status text says only the status', async () => {
    const { fetch } = scriptedFetch(new Response('', { status: 503 }))
    const error = await failure(createHotTaskClient({ fetch, maxRetries: 0 }).createChatSession('a'))
    expect(error.message).toBe('HotTask replied with HTTP 503.')
  })

  it('invalid-response quotes at most the first 80 characters of the body', async () => {
    const { fetch } = scriptedFetch(new Response('<html>' + 'x'.repeat(1_000), { status: 200 }))
    const error = await failure(createHotTaskClient({ fetch }).createChatSession('a'))
    expect(error.message).toBe(`HotTask replied (HTTP 200) with something other than its JSON envelope: ${JSON.stringify('<html>' + 'x'.repeat(74))}.`)
  })

  it('http reads Retry-After into retryAfterMs', async () => {
    const { fetch } = scriptedFetch(new Response('', { status: 429, headers: { 'Retry-After': '7' } }))
    const error = await failure(createHotTaskClient({ fetch, maxRetries: 0 }).createChatSession('a'))
    expect(error).toMatchObject({ kind: 'http', status: 429, retryAfterMs: 7000 })
  })

  it.each([
    ['Success false', { Success: false, Code: 404, Message: 'Chatbot not found', Data: null }, 404],
    ['Code other than 200', { Success: true, Code: 500, Message: 'Partial failure' }, 500],
  ])('api for a 2xx envelope with %s, not retried', async (_, fields, code) => {
    const { fetch, requests } = scriptedFetch(jsonReply(envelope(fields)))
    const error = await failure(createHotTaskClient({ fetch }).createChatSession('a'))
    expect(error).toMatchObject({ kind: 'api', code, status: 200, retryable: false })
    expect(error.message).toContain(fields.Message)
    expect(requests).toHaveLength(1)
  })

  it('api without a Message still says what happened', async () => {
    const { fetch } = scriptedFetch(jsonReply(envelope({ Success: false, Code: 1001, Message: '' })))
    const error = await failure(createHotTaskClient({ fetch }).createChatSession('a'))
    expect(error.message).toBe('HotTask did not create a chat session: no message (Code 1001).')
  })

  it.each([
    ['an empty body', '', /\(HTTP 200\) with something other than its JSON envelope: ""\.$/],
    ['not JSON', '<!doctype html>', /other than its JSON envelope: "<!doctype html>"/],
    ['{}', '{}', /other than its JSON envelope: "{}"/],
    ['an array', '[]', /other than its JSON envelope/],
    ['null', 'null', /other than its JSON envelope/],
    ['a success without SessionID', JSON.stringify(envelope({ Data: {} })), /without a numeric Data.SessionID/],
    ['a success with Data null', JSON.stringify(envelope({ Data: null })), /without a numeric Data.SessionID/],
    ['a string SessionID', JSON.stringify(envelope({ Data: { SessionID: '1' } })), /without a numeric Data.SessionID/],
  ])('invalid-response for %s, not retried', async (_, body, message) => {
    const { fetch, requests } = scriptedFetch(new Response(body, { status: 200 }))
    const error = await failure(createHotTaskClient({ fetch }).createChatSession('a'))
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200, retryable: false })
    expect(error.message).toMatch(message)
    expect(requests).toHaveLength(1)
  })

  it('keeps a success whose Version is missing usable', async () => {
    const { fetch } = scriptedFetch(jsonReply({ Data: { SessionID: 5 }, Success: true, Code: 200 }))
    await expect(createHotTaskClient({ fetch }).createChatSession('a')).resolves.toEqual({ sessionId: 5, serialNumber: 'a', version: '' })
  })

  it.each(['/api/hottask', 'api/hottask', ''])(
    'config when the relative baseUrl %j has no page location to resolve against',
    async (baseUrl) => {
      const { fetch, requests } = scriptedFetch(jsonReply(envelope()))
      const client = createHotTaskClient({ fetch, baseUrl })
      const error = await failure(client.createChatSession('a'))
      expect(error).toMatchObject({ kind: 'config', retryable: false })
      expect(error.message).toMatch(/relative baseUrl needs a page.*on a server, use an absolute URL/)
      expect(requests).toHaveLength(0)
    },
  )
})

describe('createChatSession: aborting', () => {
  it('aborted, with nothing sent, when the signal is already aborted', async () => {
    const { fetch, requests } = scriptedFetch(jsonReply(envelope()))
    const controller = new AbortController()
    controller.abort(new Error('gone'))
    const error = await failure(createHotTaskClient({ fetch }).createChatSession('a', { signal: controller.signal }))
    expect(error).toMatchObject({ kind: 'aborted', retryable: false })
    expect((error.cause as Error).message).toBe('gone')
    expect(requests).toHaveLength(0)
  })

  it('aborted during the request cancels the fetch', async () => {
    const { fetch, requests } = hangingFetch()
    const controller = new AbortController()
    const settled = createHotTaskClient({ fetch }).createChatSession('a', { signal: controller.signal }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(0)
    controller.abort()
    expect(await settled).toMatchObject({ kind: 'aborted' })
    expect(requests).toHaveLength(1)
    expect(requests[0]!.signal.aborted).toBe(true)
  })

  it('aborted during the wait before a retry, with no further attempt', async () => {
    const { fetch, requests } = scriptedFetch(new Response('', { status: 503 }))
    const controller = new AbortController()
    const settled = createHotTaskClient({ fetch }).createChatSession('a', { signal: controller.signal }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(100)
    expect(requests).toHaveLength(1)
    controller.abort()
    expect(await settled).toMatchObject({ kind: 'aborted' })
    await vi.runAllTimersAsync()
    expect(requests).toHaveLength(1)
  })
})
