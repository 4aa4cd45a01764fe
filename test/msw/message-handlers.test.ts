import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskClient, MAX_MESSAGE_LENGTH, type ChatSessionRef } from '../../src/core'
import { CHAT_MESSAGE_PATH } from '../../src/core/constants'
import { hotTaskHandlers } from '../../src/msw'
import { afterExactly, hotTaskError, MESSAGE_URL, postMessage as post } from '../support/mock-calls'
import { requests, server } from '../support/msw-server'

const SESSION: ChatSessionRef = { sessionId: 123456 }

afterEach(() => {
  vi.useRealTimers()
})

/** `sendMessage` of the core client; one attempt unless `maxRetries` says otherwise. */
function send(content = 'hello', config: Parameters<typeof createHotTaskClient>[0] = {}, session = SESSION) {
  return createHotTaskClient({ maxRetries: 0, ...config }).sendMessage(session, content)
}

const contentOf = async (response: Response) => ((await response.json()) as { Data: { content: string } }).Data.content
const messageIdOf = async (response: Response) => ((await response.json()) as { Data: { messageid: number } }).Data.messageid

describe('hotTaskHandlers.messageReply', () => {
  it("replies 200 with HotTask's documented envelope, echoing the message", async () => {
    server.use(hotTaskHandlers.messageReply())
    const response = await post()
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await response.json()).toEqual({
      Data: { messageid: 375561, content: 'You said: hello', totalToken: 4337 },
      Version: '1.0.0',
      Success: true,
      Code: 200,
      Message: '',
    })
  })

  it('counts message ids up from 375561, or from messageId', async () => {
    server.use(hotTaskHandlers.messageReply())
    expect([await messageIdOf(await post()), await messageIdOf(await post())]).toEqual([375561, 375562])
    server.resetHandlers(hotTaskHandlers.messageReply({ messageId: 7 }))
    expect([await messageIdOf(await post()), await messageIdOf(await post())]).toEqual([7, 8])
  })

  it('answers with a fixed reply, totalTokens and version when given', async () => {
    server.use(hotTaskHandlers.messageReply({ reply: 'We open at 9.', totalTokens: 12, version: '2.1.0' }))
    await expect((await post()).json()).resolves.toMatchObject({ Data: { content: 'We open at 9.', totalToken: 12 }, Version: '2.1.0' })
  })

  it('answers with what a reply function returns, given the text and the session id', async () => {
    const reply = vi.fn((content: string, { sessionId }: { sessionId: number }) => `${sessionId}: ${content.toUpperCase()}`)
    server.use(hotTaskHandlers.messageReply({ reply }))
    expect(await contentOf(await post({ sessionID: 42, content: 'hi', stream: false }))).toBe('42: HI')
    expect(reply).toHaveBeenCalledWith('hi', { sessionId: 42 })
  })

  it('waits for an async reply function', async () => {
    server.use(hotTaskHandlers.messageReply({ reply: async (content) => `later: ${content}` }))
    expect(await contentOf(await post())).toBe('later: hello')
  })

  it('answers the call under any base URL, such as a proxy mount point', async () => {
    server.use(hotTaskHandlers.messageReply())
    const response = await post(undefined, `https://app.example/api/hottask${CHAT_MESSAGE_PATH}`)
    await expect(response.json()).resolves.toMatchObject({ Success: true, Data: { content: 'You said: hello' } })
  })

  it.each([
    ['no sessionID', { content: 'hi' }, 'sessionId must be a positive whole number, got undefined'],
    ['a sessionID of 0', { sessionID: 0, content: 'hi' }, 'sessionId must be a positive whole number, got 0'],
    ['a fractional sessionID', { sessionID: 1.5, content: 'hi' }, 'sessionId must be a positive whole number, got 1.5'],
    ['a sessionID in a string', { sessionID: '123', content: 'hi' }, 'sessionId must be a positive whole number, got string'],
    ['no content', { sessionID: 1 }, 'expected a string, got undefined'],
    ['blank content', { sessionID: 1, content: ' \n ' }, 'it is blank'],
    ['content over MAX_MESSAGE_LENGTH', { sessionID: 1, content: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) }, `it is longer than ${MAX_MESSAGE_LENGTH} characters`],
    ['content with control characters', { sessionID: 1, content: 'a\u0000b' }, 'it contains control characters other than tab and line breaks'],
  ])('refuses %s with a business error, as the API does', async (_, body, problem) => {
    server.use(hotTaskHandlers.messageReply({ version: '2.0.0' }))
    const response = await post(body)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ Data: null, Version: '2.0.0', Success: false, Code: 400, Message: `Invalid message: ${problem}.` })
  })

  it('refuses a body that is not JSON with a business error', async () => {
    server.use(hotTaskHandlers.messageReply())
    const response = await fetch(MESSAGE_URL, { method: 'POST', body: 'content=hello' })
    await expect(response.json()).resolves.toMatchObject({ Success: false, Code: 400 })
  })

  it('gives the core client the reply, from the body HotTask documents', async () => {
    server.use(hotTaskHandlers.messageReply())
    await expect(send()).resolves.toEqual({ content: 'You said: hello', messageId: 375561, totalTokens: 4337, version: '1.0.0' })
    expect(requests).toHaveLength(1)
    expect(requests[0]!.url).toBe(MESSAGE_URL)
    await expect(requests[0]!.json()).resolves.toEqual({ sessionID: 123456, content: 'hello', stream: false })
  })

  it("answers a proxy-mode message, whose body carries the proxy's sessionToken", async () => {
    server.use(hotTaskHandlers.messageReply())
    await expect(send('hello', {}, { sessionId: 5, sessionToken: 'token' })).resolves.toMatchObject({ content: 'You said: hello' })
    await expect(requests[0]!.json()).resolves.toMatchObject({ sessionID: 5, sessionToken: 'token' })
  })
})

describe('hotTaskHandlers.messageBusinessError', () => {
  it('makes sendMessage fail at once with an api error carrying the code and message', async () => {
    server.use(hotTaskHandlers.messageBusinessError({ code: 402, message: 'Out of credits' }))
    const error = await hotTaskError(send('hello', { maxRetries: 2 }))
    expect(error).toMatchObject({ kind: 'api', status: 200, code: 402, retryable: false })
    expect(error.message).toContain('Out of credits')
    expect(requests).toHaveLength(1)
  })
})

describe('hotTaskHandlers.messageHttpError', () => {
  it('makes sendMessage fail with an http error that carries Retry-After', async () => {
    server.use(hotTaskHandlers.messageHttpError({ status: 429, retryAfter: 30, message: 'Slow down' }))
    const response = await post()
    expect(response.headers.get('retry-after')).toBe('30')
    const error = await hotTaskError(send())
    expect(error).toMatchObject({ kind: 'http', status: 429, code: 429, retryAfterMs: 30_000, retryable: true })
    expect(error.message).toContain('Slow down')
  })

  it.each([429, 503])('is retried by sendMessage when the status is %i', async (status) => {
    server.use(hotTaskHandlers.messageHttpError({ status, retryAfter: 0 }))
    const error = await hotTaskError(send('hello', { maxRetries: 2 }))
    expect(error).toMatchObject({ kind: 'http', status })
    expect(requests).toHaveLength(3)
  })

  it.each([500, 502, 504, 408])('is not retried by sendMessage when the status is %i, which may have reached HotTask', async (status) => {
    server.use(hotTaskHandlers.messageHttpError({ status, retryAfter: 0 }))
    const error = await hotTaskError(send('hello', { maxRetries: 2 }))
    expect(error).toMatchObject({ kind: 'http', status, retryable: true })
    expect(requests).toHaveLength(1)
  })
})

describe('hotTaskHandlers.messageFailThenSucceed', () => {
  it('fails with the given status, count and Retry-After, then answers as messageReply with its options', async () => {
    server.use(hotTaskHandlers.messageFailThenSucceed({ failures: 2, status: 429, retryAfter: 2, reply: 'Hi!', messageId: 9, version: '2.0.0' }))
    for (let i = 0; i < 2; i++) {
      const failure = await post()
      expect(failure.status).toBe(429)
      expect(failure.headers.get('retry-after')).toBe('2')
      await expect(failure.json()).resolves.toMatchObject({ Success: false, Code: 429, Message: 'Too Many Requests' })
    }
    await expect((await post()).json()).resolves.toMatchObject({ Success: true, Data: { content: 'Hi!', messageid: 9 }, Version: '2.0.0' })
  })

  it.each([429, 503])('lets sendMessage succeed on its own retry after a %i', async (status) => {
    // Retry-After: 0 makes the client retry without waiting.
    server.use(hotTaskHandlers.messageFailThenSucceed({ status, retryAfter: 0 }))
    await expect(send('hello', { maxRetries: 2 })).resolves.toMatchObject({ content: 'You said: hello', messageId: 375561 })
    expect(requests).toHaveLength(2)
  })

  it('leaves a 500 to the caller, whose second send is answered', async () => {
    server.use(hotTaskHandlers.messageFailThenSucceed({ status: 500, retryAfter: 0 }))
    const client = createHotTaskClient({ maxRetries: 2 })
    expect(await hotTaskError(client.sendMessage(SESSION, 'hello'))).toMatchObject({ kind: 'http', status: 500 })
    expect(requests).toHaveLength(1)
    await expect(client.sendMessage(SESSION, 'hello')).resolves.toMatchObject({ content: 'You said: hello' })
  })

  it('makes sendMessage give up when the failures outlast its retries', async () => {
    server.use(hotTaskHandlers.messageFailThenSucceed({ failures: 3, retryAfter: 0 }))
    expect(await hotTaskError(send('hello', { maxRetries: 2 }))).toMatchObject({ kind: 'http', status: 503 })
    expect(requests).toHaveLength(3)
  })
})

describe('hotTaskHandlers.messageNetworkError', () => {
  it('makes sendMessage fail at once with a network error (the message may have arrived)', async () => {
    server.use(hotTaskHandlers.messageNetworkError())
    const error = await hotTaskError(send('hello', { maxRetries: 2 }))
    expect(error).toMatchObject({ kind: 'network', retryable: true })
    expect(error.cause).toBeInstanceOf(TypeError)
    expect(requests).toHaveLength(1)
  })
})

describe('hotTaskHandlers.messageMalformed', () => {
  it.each([
    ['an HTML page', undefined],
    ['an empty body', ''],
    ['JSON that is not the envelope', '{}'],
    ['a success without Data.content', '{"Data":{"messageid":1},"Version":"1.0.0","Success":true,"Code":200,"Message":""}'],
  ])('makes sendMessage fail with invalid-response for %s', async (_, body) => {
    server.use(hotTaskHandlers.messageMalformed(body === undefined ? {} : { body }))
    const error = await hotTaskError(send())
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200, retryable: false })
  })
})

describe('hotTaskHandlers.messageSlow', () => {
  it('answers after 3 s by default, with the reply options', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    server.use(hotTaskHandlers.messageSlow({ reply: 'Done thinking.' }))
    expect(await contentOf(await afterExactly(3_000, post()))).toBe('Done thinking.')
  })

  it('makes sendMessage time out, without a retry, when the answer is slower than messageTimeoutMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    server.use(hotTaskHandlers.messageSlow())
    const attempt = hotTaskError(send('hello', { messageTimeoutMs: 250, maxRetries: 2 }))
    await vi.advanceTimersByTimeAsync(250)
    const error = await attempt
    expect(error).toMatchObject({ kind: 'timeout', retryable: true })
    expect(error.message).toContain('250 ms')
    expect(requests).toHaveLength(1)
  })
})
