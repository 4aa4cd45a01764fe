import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core'
import { CHAT_SESSION_PATH, DEFAULT_BASE_URL } from '../../src/core/constants'
import { hotTaskHandlers } from '../../src/msw'
import { hotTaskError, postJson, track } from '../support/mock-calls'
import { requests, server } from '../support/msw-server'

const API_URL = `${DEFAULT_BASE_URL}${CHAT_SESSION_PATH}`
const SERIAL_NUMBER = '3254a9d0-test-bot'

afterEach(() => {
  vi.useRealTimers()
})

/** A raw "Create Chat Session" request, as any client would send it. */
function post(body: unknown = { serialNumber: SERIAL_NUMBER }, url = API_URL) {
  return postJson(url, body)
}

/** One attempt of the core client, so each mock's reply shows as one `HotTaskError`. */
function createSession(config: Parameters<typeof createHotTaskClient>[0] = {}) {
  return createHotTaskClient({ maxRetries: 0, ...config }).createChatSession(SERIAL_NUMBER)
}

describe('hotTaskHandlers.success', () => {
  it('replies 200 with the JSON envelope holding a SessionID', async () => {
    server.use(hotTaskHandlers.success())
    const response = await post()
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await response.json()).toEqual({ Data: { SessionID: 123456 }, Version: '1.0.0', Success: true, Code: 200, Message: '' })
  })

  it('gives a new SessionID to every request', async () => {
    server.use(hotTaskHandlers.success())
    const ids = []
    for (let i = 0; i < 3; i++) ids.push(((await (await post()).json()) as { Data: { SessionID: number } }).Data.SessionID)
    expect(ids).toEqual([123456, 123457, 123458])
  })

  it('keeps a fixed sessionId and version when given', async () => {
    server.use(hotTaskHandlers.success({ sessionId: 42, version: '2.1.0' }))
    await expect((await post()).json()).resolves.toMatchObject({ Data: { SessionID: 42 }, Version: '2.1.0' })
    await expect((await post()).json()).resolves.toMatchObject({ Data: { SessionID: 42 }, Version: '2.1.0' })
  })

  it('answers the call under any base URL, such as a proxy mount point', async () => {
    server.use(hotTaskHandlers.success())
    const response = await post(undefined, `https://app.example/api/hottask${CHAT_SESSION_PATH}`)
    await expect(response.json()).resolves.toMatchObject({ Success: true, Data: { SessionID: 123456 } })
  })

  it.each([
    ['a blank serial number', { serialNumber: '   ' }, 'Invalid serial number: it is empty.'],
    ['no serial number', {}, 'Invalid serial number: expected a string, got undefined.'],
    ['a serial number over 256 characters', { serialNumber: 'x'.repeat(257) }, 'Invalid serial number: it is longer than 256 characters.'],
  ])('refuses %s with a business error, as the API does', async (_, body, message) => {
    server.use(hotTaskHandlers.success())
    const response = await post(body)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 400, Message: message })
  })

  it('refuses a body that is not JSON with a business error', async () => {
    server.use(hotTaskHandlers.success())
    const response = await fetch(API_URL, { method: 'POST', body: 'serialNumber=abc' })
    await expect(response.json()).resolves.toMatchObject({ Success: false, Code: 400 })
  })

  it('gives the core client a session', async () => {
    server.use(hotTaskHandlers.success())
    await expect(createSession()).resolves.toEqual({ sessionId: 123456, serialNumber: SERIAL_NUMBER, version: '1.0.0' })
    expect(requests).toHaveLength(1)
    expect(requests[0]!.url).toBe(API_URL)
    await expect(requests[0]!.json()).resolves.toEqual({ serialNumber: SERIAL_NUMBER })
  })
})

describe('hotTaskHandlers.businessError', () => {
  it('replies 200 with Success false, the Code and the Message', async () => {
    server.use(hotTaskHandlers.businessError())
    const response = await post()
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 404, Message: 'Chatbot not found' })
  })

  it('uses the given code and message', async () => {
    server.use(hotTaskHandlers.businessError({ code: 4031, message: 'Chatbot disabled' }))
    await expect((await post()).json()).resolves.toMatchObject({ Success: false, Code: 4031, Message: 'Chatbot disabled' })
  })

  it('makes the core client fail with an api error that is not retryable', async () => {
    server.use(hotTaskHandlers.businessError({ code: 4031, message: 'Chatbot disabled' }))
    const error = await hotTaskError(createSession())
    expect(error).toMatchObject({ kind: 'api', status: 200, code: 4031, retryable: false })
    expect(error.message).toContain('Chatbot disabled')
  })
})

describe('hotTaskHandlers.httpError', () => {
  it('replies 503 with the envelope and no Retry-After by default', async () => {
    server.use(hotTaskHandlers.httpError())
    const response = await post()
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBeNull()
    expect(await response.json()).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 503, Message: 'Service Unavailable' })
  })

  it('sends Retry-After in seconds or as an HTTP date', async () => {
    server.use(hotTaskHandlers.httpError({ status: 429, retryAfter: 1 }))
    const seconds = await post()
    expect(seconds.status).toBe(429)
    expect(seconds.headers.get('retry-after')).toBe('1')

    const date = 'Wed, 21 Oct 2037 07:28:00 GMT'
    server.use(hotTaskHandlers.httpError({ status: 503, retryAfter: date }))
    expect((await post()).headers.get('retry-after')).toBe(date)
  })

  it('uses the given message, and a generic one for a status it has no text for', async () => {
    server.use(hotTaskHandlers.httpError({ status: 401, message: 'Invalid API key' }))
    await expect((await post()).json()).resolves.toMatchObject({ Code: 401, Message: 'Invalid API key' })
    server.use(hotTaskHandlers.httpError({ status: 418 }))
    await expect((await post()).json()).resolves.toMatchObject({ Code: 418, Message: 'Error' })
  })

  it('makes the core client fail with a retryable http error that carries Retry-After', async () => {
    server.use(hotTaskHandlers.httpError({ status: 429, retryAfter: 1, message: 'Slow down' }))
    const error = await hotTaskError(createSession())
    expect(error).toMatchObject({ kind: 'http', status: 429, code: 429, retryAfterMs: 1_000, retryable: true })
    expect(error.message).toContain('Slow down')
  })

  it('makes the core client fail at once on a 401, which is not retryable', async () => {
    server.use(hotTaskHandlers.httpError({ status: 401 }))
    const error = await hotTaskError(createSession({ maxRetries: 2 }))
    expect(error).toMatchObject({ kind: 'http', status: 401, retryable: false })
    expect(requests).toHaveLength(1)
  })
})

describe('hotTaskHandlers.failThenSucceed', () => {
  it('fails the first two requests with 503, then gives new sessions', async () => {
    server.use(hotTaskHandlers.failThenSucceed())
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await post()).status)
    expect(statuses).toEqual([503, 503, 200, 200])
  })

  it('counts its own requests: two handlers fail independently', async () => {
    const first = hotTaskHandlers.failThenSucceed({ failures: 1 })
    const second = hotTaskHandlers.failThenSucceed({ failures: 1 })
    server.use(first)
    expect([(await post()).status, (await post()).status]).toEqual([503, 200])
    server.resetHandlers(second)
    expect([(await post()).status, (await post()).status]).toEqual([503, 200])
  })

  it('fails with the given status and Retry-After, then succeeds with the first session id', async () => {
    server.use(hotTaskHandlers.failThenSucceed({ failures: 1, status: 429, retryAfter: 2 }))
    const failure = await post()
    expect(failure.status).toBe(429)
    expect(failure.headers.get('retry-after')).toBe('2')
    await expect(failure.json()).resolves.toMatchObject({ Success: false, Code: 429, Message: 'Too Many Requests' })
    await expect((await post()).json()).resolves.toMatchObject({ Success: true, Data: { SessionID: 123456 } })
  })

  it('lets the core client succeed on its third attempt', async () => {
    // Retry-After: 0 makes the client retry without waiting.
    server.use(hotTaskHandlers.failThenSucceed({ failures: 2, retryAfter: 0 }))
    await expect(createSession({ maxRetries: 2 })).resolves.toMatchObject({ sessionId: 123456 })
    expect(requests).toHaveLength(3)
  })

  it('makes the core client give up when the failures outlast its retries', async () => {
    server.use(hotTaskHandlers.failThenSucceed({ failures: 2, retryAfter: 0 }))
    const error = await hotTaskError(createSession({ maxRetries: 1 }))
    expect(error).toMatchObject({ kind: 'http', status: 503, retryable: true })
    expect(requests).toHaveLength(2)
  })
})

describe('hotTaskHandlers.networkError', () => {
  it('makes fetch reject with a TypeError, as a failed connection does', async () => {
    server.use(hotTaskHandlers.networkError())
    await expect(post()).rejects.toThrow(TypeError)
  })

  it('makes the core client fail with a retryable network error', async () => {
    server.use(hotTaskHandlers.networkError())
    const error = await hotTaskError(createSession())
    expect(error).toMatchObject({ kind: 'network', retryable: true })
    expect(error.cause).toBeInstanceOf(TypeError)
  })
})

describe('hotTaskHandlers.malformed', () => {
  it('replies 200 with an HTML page by default', async () => {
    server.use(hotTaskHandlers.malformed())
    const response = await post()
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html')
    expect(await response.text()).toBe('<!doctype html><title>Welcome</title>')
  })

  it('replies with the given body', async () => {
    server.use(hotTaskHandlers.malformed({ body: '{}' }))
    expect(await (await post()).text()).toBe('{}')
  })

  it.each([
    ['an HTML page', undefined],
    ['an empty body', ''],
    ['JSON that is not the envelope', '{}'],
    ['a success without a SessionID', '{"Data":{},"Version":"1.0.0","Success":true,"Code":200,"Message":""}'],
  ])('makes the core client fail with invalid-response for %s', async (_, body) => {
    server.use(hotTaskHandlers.malformed(body === undefined ? {} : { body }))
    const error = await hotTaskError(createSession())
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200, retryable: false })
  })

  it("quotes the start of the unexpected body in the client's error", async () => {
    server.use(hotTaskHandlers.malformed())
    expect((await hotTaskError(createSession())).message).toContain('<!doctype html><title>Welcome</title>')
  })
})

describe('delayMs and hotTaskHandlers.slow', () => {
  it('slow replies with a session after 3 s by default', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    server.use(hotTaskHandlers.slow())
    const reply = track(post())
    await vi.advanceTimersByTimeAsync(2_999)
    expect(reply.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    const response = await reply.promise
    await expect(response.json()).resolves.toMatchObject({ Success: true, Data: { SessionID: 123456 } })
  })

  it.each([
    ['success', hotTaskHandlers.success({ delayMs: 500 })],
    ['slow', hotTaskHandlers.slow({ delayMs: 500 })],
    ['businessError', hotTaskHandlers.businessError({ delayMs: 500 })],
    ['httpError', hotTaskHandlers.httpError({ delayMs: 500 })],
    ['failThenSucceed', hotTaskHandlers.failThenSucceed({ delayMs: 500 })],
    ['malformed', hotTaskHandlers.malformed({ delayMs: 500 })],
  ])('%s waits delayMs before it replies', async (_, handler) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    server.use(handler)
    const reply = track(post())
    await vi.advanceTimersByTimeAsync(499)
    expect(reply.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await expect(reply.promise).resolves.toBeInstanceOf(Response)
  })

  it('networkError waits delayMs before the connection fails', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    server.use(hotTaskHandlers.networkError({ delayMs: 500 }))
    const reply = track(post())
    await vi.advanceTimersByTimeAsync(499)
    expect(reply.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await expect(reply.promise).rejects.toThrow(TypeError)
  })

  it('makes the core client time out when the reply is slower than timeoutMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    server.use(hotTaskHandlers.slow({ delayMs: 3_000 }))
    const attempt = hotTaskError(createSession({ timeoutMs: 250 }))
    await vi.advanceTimersByTimeAsync(250)
    const error = await attempt
    expect(error).toMatchObject({ kind: 'timeout', retryable: true })
    expect(error.message).toContain('250 ms')
  })
})
