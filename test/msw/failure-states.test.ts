import { describe, expect, it } from 'vitest'
import { hotTaskHandlers } from '../../src/msw'
import { postMessage, postSession } from '../support/mock-calls'
import { server } from '../support/msw-server'

/** The failure states both calls have, with what differs between the two: the call, the defaults. */
const calls = [
  {
    call: 'Create Chat Session',
    post: () => postSession(),
    businessError: hotTaskHandlers.businessError,
    httpError: hotTaskHandlers.httpError,
    failThenSucceed: hotTaskHandlers.failThenSucceed,
    networkError: hotTaskHandlers.networkError,
    malformed: hotTaskHandlers.malformed,
    defaultRefusal: { Code: 404, Message: 'Chatbot not found' },
    defaultFailures: 2,
  },
  {
    call: 'Message a Chatbot',
    post: () => postMessage(),
    businessError: hotTaskHandlers.messageBusinessError,
    httpError: hotTaskHandlers.messageHttpError,
    failThenSucceed: hotTaskHandlers.messageFailThenSucceed,
    networkError: hotTaskHandlers.messageNetworkError,
    malformed: hotTaskHandlers.messageMalformed,
    defaultRefusal: { Code: 404, Message: 'Session not found' },
    defaultFailures: 1,
  },
]

describe.each(calls)('the failure states of "$call"', (mock) => {
  const { post } = mock

  it('businessError replies 200 with Success false and its default Code and Message', async () => {
    server.use(mock.businessError())
    const response = await post()
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ Data: null, Version: '1.0.0', Success: false, ...mock.defaultRefusal })
  })

  it('businessError uses the given code and message', async () => {
    server.use(mock.businessError({ code: 4031, message: 'Chatbot disabled' }))
    await expect((await post()).json()).resolves.toMatchObject({ Success: false, Code: 4031, Message: 'Chatbot disabled' })
  })

  it('httpError replies 503 with the envelope and no Retry-After by default', async () => {
    server.use(mock.httpError())
    const response = await post()
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBeNull()
    expect(await response.json()).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 503, Message: 'Service Unavailable' })
  })

  it('httpError sends Retry-After in seconds or as an HTTP date', async () => {
    server.use(mock.httpError({ status: 429, retryAfter: 1 }))
    const seconds = await post()
    expect(seconds.status).toBe(429)
    expect(seconds.headers.get('retry-after')).toBe('1')

    const date = 'Wed, 21 Oct 2037 07:28:00 GMT'
    server.use(mock.httpError({ status: 503, retryAfter: date }))
    expect((await post()).headers.get('retry-after')).toBe(date)
  })

  it('httpError uses the given message, and a generic one for a status it has no text for', async () => {
    server.use(mock.httpError({ status: 401, message: 'Invalid API key' }))
    await expect((await post()).json()).resolves.toMatchObject({ Code: 401, Message: 'Invalid API key' })
    server.use(mock.httpError({ status: 418 }))
    await expect((await post()).json()).resolves.toMatchObject({ Code: 418, Message: 'Error' })
  })

  it('failThenSucceed fails its default number of requests with 503, then succeeds every time', async () => {
    server.use(mock.failThenSucceed())
    const statuses = []
    for (let i = 0; i < mock.defaultFailures + 2; i++) statuses.push((await post()).status)
    expect(statuses).toEqual([...Array<number>(mock.defaultFailures).fill(503), 200, 200])
  })

  it('failThenSucceed fails with the given status, count and Retry-After', async () => {
    server.use(mock.failThenSucceed({ failures: 3, status: 429, retryAfter: 2 }))
    for (let i = 0; i < 3; i++) {
      const failure = await post()
      expect(failure.status).toBe(429)
      expect(failure.headers.get('retry-after')).toBe('2')
      await expect(failure.json()).resolves.toMatchObject({ Success: false, Code: 429, Message: 'Too Many Requests' })
    }
    await expect((await post()).json()).resolves.toMatchObject({ Success: true })
  })

  it('failThenSucceed counts its own requests: two handlers fail independently', async () => {
    server.use(mock.failThenSucceed({ failures: 1 }))
    expect([(await post()).status, (await post()).status]).toEqual([503, 200])
    server.resetHandlers(mock.failThenSucceed({ failures: 1 }))
    expect([(await post()).status, (await post()).status]).toEqual([503, 200])
  })

  it('networkError makes fetch reject with a TypeError, as a failed connection does', async () => {
    server.use(mock.networkError())
    await expect(post()).rejects.toThrow(TypeError)
  })

  it('malformed replies 200 with an HTML page by default', async () => {
    server.use(mock.malformed())
    const response = await post()
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html')
    expect(await response.text()).toBe('<!doctype html><title>Welcome</title>')
  })

  it('malformed replies with the given body', async () => {
    server.use(mock.malformed({ body: '{}' }))
    expect(await (await post()).text()).toBe('{}')
  })
})
