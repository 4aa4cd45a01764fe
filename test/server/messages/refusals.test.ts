import { afterEach, describe, expect, it, vi } from 'vitest'
import { MAX_MESSAGE_BODY_BYTES, type HotTaskHandlerOptions } from '../../../src/server'
import { handlerPaths, untilAborted } from '../handler-paths'
import { API_KEY, read } from '../secret'
import { fakeHotTask, messageFor, messageRequest, ORIGIN, MESSAGE_PATH, openSession, SECRET, SERIAL, tokenFor } from './conversation'

afterEach(() => {
  vi.unstubAllEnvs()
})

const refusalOf = (status: number, message: string) => ({ Data: null, Version: '1.0.0', Success: false, Code: status, Message: message })

describe.each(handlerPaths)('messages refused, with nothing sent upstream ($path)', ({ path, createHandler }) => {
  async function setup(options: Partial<HotTaskHandlerOptions> = {}) {
    const upstream = await fakeHotTask()
    const onError = vi.fn()
    const handler = createHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError, ...options })
    // A handler whose authorize refuses cannot open one itself: the token it would have issued.
    const session = options.authorize ? { sessionId: 1001, sessionToken: await tokenFor(1001) } : await openSession(handler)
    return { handler, upstream, onError, session }
  }

  /** `request`'s answer, which must be the refusal `status` with `message`, with no message sent upstream. */
  async function expectRefused(setupResult: Awaited<ReturnType<typeof setup>>, request: Request, status: number, message: string) {
    const answer = await read(await setupResult.handler(request))
    expect(answer.body).toEqual(refusalOf(status, message))
    expect(answer.status).toBe(status)
    expect(setupResult.upstream.messages()).toEqual([])
    return answer
  }

  it('405 with Allow for other methods on the message path', async () => {
    const context = await setup()
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      const answer = await expectRefused(context, new Request(ORIGIN + MESSAGE_PATH, { method }), 405, `Method ${method} is not allowed: use POST.`)
      expect(answer.headers.get('allow')).toBe('POST')
    }
  })

  it('401 when authorize says no; its Response is sent as it is; a throwing authorize is a 500 told to onError', async () => {
    const authorize = vi.fn((_request: Request): boolean | Response => false)
    const context = await setup({ authorize })
    const request = () => messageRequest(messageFor(context.session))
    await expectRefused(context, request(), 401, 'Not authorized to send a message.')
    expect(authorize.mock.calls.at(-1)![0]).toBeInstanceOf(Request)
    authorize.mockReturnValueOnce(new Response('go away', { status: 418 }))
    expect((await context.handler(request())).status).toBe(418)
    authorize.mockImplementationOnce(() => {
      throw new Error('auth service down')
    })
    await expectRefused(context, request(), 500, 'The server failed to check authorization.')
    expect(context.onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'auth service down' }), expect.any(Request))
  })

  it('401 comes before the body: an unauthorized caller with a bad body is refused 401', async () => {
    const context = await setup({ authorize: () => false })
    await expectRefused(context, messageRequest('not json', { headers: { 'content-type': 'text/plain' } }), 401, 'Not authorized to send a message.')
  })

  it('415 for a body that is not JSON by its content type', async () => {
    const context = await setup()
    await expectRefused(context, messageRequest(messageFor(context.session), { headers: { 'content-type': 'text/plain' } }), 415, 'Content-Type must be application/json.')
  })

  it('413 for a body over 64 KiB', async () => {
    const context = await setup()
    const body = JSON.stringify(messageFor(context.session))
    await expectRefused(context, messageRequest(body + ' '.repeat(MAX_MESSAGE_BODY_BYTES - body.length + 1)), 413, `The request body is larger than ${MAX_MESSAGE_BODY_BYTES} bytes.`)
  })

  it.runIf(path === 'Fetch handler')('408 for a body that does not arrive within bodyTimeoutMs', async () => {
    const context = await setup({ bodyTimeoutMs: 20 })
    const stalled = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"sessionID"')) })
    const request = new Request(ORIGIN + MESSAGE_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stalled, duplex: 'half' } as RequestInit)
    await expectRefused(context, request, 408, 'The request body did not arrive within 20 ms.')
  })

  it.each([
    ['bad JSON', '{"sessionID": ', 'The request body is not valid JSON.'],
    ['an array', '[1]', 'The request body must be a JSON object: {"sessionID": 123, "content": "…", "sessionToken": "…"}.'],
    ['no sessionID', { content: 'Hi' }, 'Invalid sessionID: expected a positive whole number, got nothing.'],
    ['a sessionID string', { sessionID: '1001', content: 'Hi' }, 'Invalid sessionID: expected a positive whole number, got "1001".'],
    ['sessionID 0', { sessionID: 0, content: 'Hi' }, 'Invalid sessionID: expected a positive whole number, got 0.'],
    ['a negative sessionID', { sessionID: -1, content: 'Hi' }, 'Invalid sessionID: expected a positive whole number, got -1.'],
    ['a fractional sessionID', { sessionID: 1.5, content: 'Hi' }, 'Invalid sessionID: expected a positive whole number, got 1.5.'],
    ['an unsafe sessionID', { sessionID: 2 ** 53, content: 'Hi' }, `Invalid sessionID: expected a positive whole number, got ${2 ** 53}.`],
    ['a sessionID object', { sessionID: { id: 1 }, content: 'Hi' }, 'Invalid sessionID: expected a positive whole number, got an object.'],
    ['a sessionID array', { sessionID: [1], content: 'Hi' }, 'Invalid sessionID: expected a positive whole number, got an array.'],
    ['a sessionID true', { sessionID: true, content: 'Hi' }, 'Invalid sessionID: expected a positive whole number, got true.'],
    ['a null sessionID', { sessionID: null, content: 'Hi' }, 'Invalid sessionID: expected a positive whole number, got null.'],
    ['a long sessionID string', { sessionID: '1234567890123456789012345', content: 'Hi' }, 'Invalid sessionID: expected a positive whole number, got "12345678901234567890…".'],
    ['no content', { sessionID: 1001 }, 'Invalid message: expected a string, got undefined.'],
    ['a numeric content', { sessionID: 1001, content: 42 }, 'Invalid message: expected a string, got number.'],
    ['a blank content', { sessionID: 1001, content: ' \n\t ' }, 'Invalid message: it is blank.'],
    ['content with control characters', { sessionID: 1001, content: 'a\u0007b' }, 'Invalid message: it contains control characters other than tab and line breaks.'],
    ['content over maxMessageLength', { sessionID: 1001, content: 'a'.repeat(4001) }, 'Invalid message: it is longer than 4000 characters.'],
    ['an Audio chatAskType', { sessionID: 1001, content: 'Hi', chatAskType: 'Audio' }, 'Media and streaming are not forwarded: chatAskType must be "Text" or left out, got "Audio".'],
    ['a chatAskType in lower case', { sessionID: 1001, content: 'Hi', chatAskType: 'text' }, 'Media and streaming are not forwarded: chatAskType must be "Text" or left out, got "text".'],
    ['a numeric chatAskType', { sessionID: 1001, content: 'Hi', chatAskType: 0 }, 'Media and streaming are not forwarded: chatAskType must be "Text" or left out, got 0.'],
    ['stream true', { sessionID: 1001, content: 'Hi', stream: true }, 'Media and streaming are not forwarded: stream must be false or left out, got true.'],
    ['stream null', { sessionID: 1001, content: 'Hi', stream: null }, 'Media and streaming are not forwarded: stream must be false or left out, got null.'],
    ['stream "false"', { sessionID: 1001, content: 'Hi', stream: 'false' }, 'Media and streaming are not forwarded: stream must be false or left out, got "false".'],
    ['a file id', { sessionID: 1001, content: 'Hi', fileIds: [7] }, 'Media and streaming are not forwarded: fileIds must be empty or left out.'],
    ['fileIds as an object', { sessionID: 1001, content: 'Hi', fileIds: {} }, 'Media and streaming are not forwarded: fileIds must be empty or left out.'],
    ['fileIds as 0', { sessionID: 1001, content: 'Hi', fileIds: 0 }, 'Media and streaming are not forwarded: fileIds must be empty or left out.'],
  ])('400 for %s, before the token is looked at (this one is forged)', async (_, body, message) => {
    const context = await setup()
    await expectRefused(context, messageRequest(typeof body === 'string' ? body : { ...body, sessionToken: 'forged' }), 400, message)
  })

  it('maxMessageLength sets the longest message forwarded', async () => {
    const context = await setup({ maxMessageLength: 5 })
    await expectRefused(context, messageRequest(messageFor(context.session, 'abcdef')), 400, 'Invalid message: it is longer than 5 characters.')
    expect((await context.handler(messageRequest(messageFor(context.session, 'abcde')))).status).toBe(200)
  })

  it('500 when there is no usable key (before the token is checked), onError told why', async () => {
    const upstream = await fakeHotTask()
    const onError = vi.fn()
    const handler = createHandler({ allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError, sessionSecret: SECRET })
    vi.stubEnv('HOTTASK_API_KEY', '')
    const context = { handler, upstream, onError, session: { sessionId: 1001, sessionToken: 'forged' } }
    await expectRefused(context, messageRequest(messageFor(context.session)), 500, 'The server has no HotTask key configured.')
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ kind: 'config', message: expect.stringContaining('HOTTASK_API_KEY is set but is not a usable key') }), expect.any(Request))
  })

  describe('403: the session token', () => {
    it.each([
      ['missing', undefined, 'The message needs the sessionToken string that came with its chat session.'],
      ['null', null, 'The message needs the sessionToken string that came with its chat session.'],
      ['a number', 1001, 'The message needs the sessionToken string that came with its chat session.'],
      ['empty', '', 'The sessionToken is malformed.'],
      ['malformed', 'v1.1001.x', 'The sessionToken is malformed.'],
    ])('%s', async (_, sessionToken, message) => {
      const context = await setup()
      await expectRefused(context, messageRequest({ sessionID: context.session.sessionId, content: 'Hi', sessionToken }), 403, message)
    })

    it('for another session: a token replayed with another sessionID', async () => {
      const context = await setup()
      const other = await openSession(context.handler)
      await expectRefused(context, messageRequest({ ...messageFor(context.session), sessionID: other.sessionId }), 403, 'The sessionToken is for another chat session.')
    })

    it('forged: signed with another key, or with its fields changed', async () => {
      const context = await setup()
      const { sessionId } = context.session
      const forged = await tokenFor(sessionId, { secret: 'an-attacker-secret-of-32-characters-or-more' })
      await expectRefused(context, messageRequest(messageFor({ sessionId, sessionToken: forged })), 403, 'The sessionToken was not issued here.')
      const [version, id, expiry, serial, signature] = context.session.sessionToken.split('.')
      const longer = [version, id, String(Number(expiry) + 1), serial, signature].join('.')
      await expectRefused(context, messageRequest(messageFor({ sessionId, sessionToken: longer })), 403, 'The sessionToken was not issued here.')
      const otherBot = [version, id, expiry, 'Ym90LTI', signature].join('.')
      await expectRefused(context, messageRequest(messageFor({ sessionId, sessionToken: otherBot })), 403, 'The sessionToken was not issued here.')
    })

    it('expired: refused from its expiry on, taken until then', async () => {
      const context = await setup({ sessionTtlMs: 60_000 })
      const now = Date.now()
      vi.useFakeTimers({ toFake: ['Date'], now })
      try {
        const session = await openSession(context.handler)
        vi.setSystemTime(now + 59_999)
        expect((await context.handler(messageRequest(messageFor(session)))).status).toBe(200)
        vi.setSystemTime(now + 60_000)
        const answer = await read(await context.handler(messageRequest(messageFor(session))))
        expect(answer.body).toEqual(refusalOf(403, 'The sessionToken has expired: start a new chat session.'))
        expect(context.upstream.messages()).toHaveLength(1)
      } finally {
        vi.useRealTimers()
      }
    })

    it('a forged token for a serial number that is not allowed is refused for the token, not the allow-list', async () => {
      const context = await setup()
      const sessionToken = await tokenFor(context.session.sessionId, { serialNumber: 'someone-elses-bot', secret: 'an-attacker-secret-of-32-characters-or-more' })
      await expectRefused(context, messageRequest(messageFor({ ...context.session, sessionToken })), 403, 'The sessionToken was not issued here.')
    })
  })

  describe('403: the allow-list, for the serial number the token names', () => {
    it('a chatbot taken off the list gets no more messages', async () => {
      const upstream = await fakeHotTask()
      const options = { apiKey: API_KEY, baseUrl: upstream.url, sessionSecret: SECRET }
      const before = createHandler({ ...options, allowedSerialNumbers: [SERIAL, 'bot-2'] })
      const after = createHandler({ ...options, allowedSerialNumbers: ['bot-2'] })
      const session = await openSession(before)
      const context = { handler: after, upstream, onError: vi.fn(), session }
      await expectRefused(context, messageRequest(messageFor(session)), 403, 'This chatbot is not served here.')
    })

    it('a function allow-list is asked (serial number, request), only its true lets the message through, and its throw is a 500', async () => {
      const allowed = vi.fn(async (_serial: string, _request: Request): Promise<boolean> => true)
      const context = await setup({ allowedSerialNumbers: allowed })
      expect((await context.handler(messageRequest(messageFor(context.session)))).status).toBe(200)
      expect(allowed).toHaveBeenLastCalledWith(SERIAL, expect.any(Request))
      context.upstream.requests.length = 0
      allowed.mockResolvedValueOnce('yes' as never)
      await expectRefused(context, messageRequest(messageFor(context.session)), 403, 'This chatbot is not served here.')
      allowed.mockRejectedValueOnce(new Error('db down'))
      await expectRefused(context, messageRequest(messageFor(context.session)), 500, 'The server failed to check the serial number.')
      expect(context.onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'db down' }), expect.any(Request))
    })
  })

  it('499 and no upstream call for a visitor who left while the checks ran; onError is not told', async () => {
    const context = await setup({
      allowedSerialNumbers: async (_serial, request) => {
        if (request.headers.get('x-leave') === 'yes') {
          visitor.abort()
          await untilAborted(request.signal)
        }
        return true
      },
    })
    const visitor = new AbortController()
    const answer = await context.handler(messageRequest(messageFor(context.session), { headers: { 'x-leave': 'yes' }, signal: visitor.signal }))
    expect(answer.status).toBe(499)
    expect(context.upstream.messages()).toEqual([])
    expect(context.onError).not.toHaveBeenCalled()
  })
})
