import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core'
import { CHAT_SESSION_PATH } from '../../src/core/constants'
import { hotTaskHandlers } from '../../src/msw'
import { afterExactly, hotTaskError, postSession as post, SERIAL_NUMBER, SESSION_URL } from '../support/mock-calls'
import { requests, server } from '../support/msw-server'

afterEach(() => {
  vi.useRealTimers()
})

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
    const response = await fetch(SESSION_URL, { method: 'POST', body: 'serialNumber=abc' })
    await expect(response.json()).resolves.toMatchObject({ Success: false, Code: 400 })
  })

  it('gives the core client a session', async () => {
    server.use(hotTaskHandlers.success())
    await expect(createSession()).resolves.toEqual({ sessionId: 123456, serialNumber: SERIAL_NUMBER, version: '1.0.0' })
    expect(requests).toHaveLength(1)
    expect(requests[0]!.url).toBe(SESSION_URL)
    await expect(requests[0]!.json()).resolves.toEqual({ serialNumber: SERIAL_NUMBER })
  })
})

describe('hotTaskHandlers.businessError', () => {
  it('makes the core client fail with an api error that is not retryable', async () => {
    server.use(hotTaskHandlers.businessError({ code: 4031, message: 'Chatbot disabled' }))
    const error = await hotTaskError(createSession())
    expect(error).toMatchObject({ kind: 'api', status: 200, code: 4031, retryable: false })
    expect(error.message).toContain('Chatbot disabled')
  })
})

describe('hotTaskHandlers.httpError', () => {
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
  it('after its failures, gives sessions from the first SessionID, with the success options', async () => {
    server.use(hotTaskHandlers.failThenSucceed({ failures: 1, sessionId: 42, version: '2.1.0' }))
    expect((await post()).status).toBe(503)
    await expect((await post()).json()).resolves.toMatchObject({ Success: true, Data: { SessionID: 42 }, Version: '2.1.0' })
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
  it('makes the core client fail with a retryable network error', async () => {
    server.use(hotTaskHandlers.networkError())
    const error = await hotTaskError(createSession())
    expect(error).toMatchObject({ kind: 'network', retryable: true })
    expect(error.cause).toBeInstanceOf(TypeError)
  })
})

describe('hotTaskHandlers.malformed', () => {
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

describe('hotTaskHandlers.slow', () => {
  it('replies with a session after 3 s by default', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    server.use(hotTaskHandlers.slow())
    const response = await afterExactly(3_000, post())
    await expect(response.json()).resolves.toMatchObject({ Success: true, Data: { SessionID: 123456 } })
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
