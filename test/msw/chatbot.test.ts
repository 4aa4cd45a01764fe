import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskClient, type HotTaskClientConfig } from '../../src/core'
import { hotTaskHandlers, type HotTaskChatbotReplyContext } from '../../src/msw'
import { afterExactly, hotTaskError, postMessage, postSession, SERIAL_NUMBER } from '../support/mock-calls'
import { requests, server } from '../support/msw-server'


afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

/** One attempt per call, so each refusal shows as one `HotTaskError`. */
const clientOf = (config: HotTaskClientConfig = {}) => createHotTaskClient({ maxRetries: 0, ...config })

/** The `history` a reply function was given at each of its calls, copied when it was called. */
function recordingReply() {
  const calls: HotTaskChatbotReplyContext[] = []
  const reply = (content: string, context: HotTaskChatbotReplyContext) => {
    calls.push(structuredClone(context))
    return `Re: ${content}`
  }
  return { calls, reply }
}

describe('hotTaskHandlers.chatbot: sessions', () => {
  it('returns the two handlers, one for each call', () => {
    expect(hotTaskHandlers.chatbot()).toHaveLength(2)
  })

  it('opens a new session for each request, counting up from 123456, each with a token of its own', async () => {
    server.use(...hotTaskHandlers.chatbot())
    const client = clientOf()
    const first = await client.createChatSession(SERIAL_NUMBER)
    const second = await client.createChatSession(SERIAL_NUMBER)
    expect(first).toMatchObject({ sessionId: 123456, serialNumber: SERIAL_NUMBER, version: '1.0.0', sessionToken: expect.any(String) })
    expect(second).toMatchObject({ sessionId: 123457, sessionToken: expect.any(String) })
    expect(second.sessionToken).not.toBe(first.sessionToken)
  })

  it('counts from sessionId and answers with version when given', async () => {
    server.use(...hotTaskHandlers.chatbot({ sessionId: 70, version: '2.0.0' }))
    const client = clientOf()
    await expect(client.createChatSession(SERIAL_NUMBER)).resolves.toMatchObject({ sessionId: 70, version: '2.0.0' })
    const session = await client.createChatSession(SERIAL_NUMBER)
    expect(session.sessionId).toBe(71)
    await expect(client.sendMessage(session, 'hi')).resolves.toMatchObject({ version: '2.0.0' })
  })

  it('refuses an unusable serial number with a business error, as the API does', async () => {
    server.use(...hotTaskHandlers.chatbot())
    const response = await postSession({ serialNumber: ' ' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 400, Message: 'Invalid serial number: it is empty.' })
  })

  it('serves only the chatbots in serialNumbers, refusing others as the proxy does', async () => {
    server.use(...hotTaskHandlers.chatbot({ serialNumbers: [SERIAL_NUMBER] }))
    const client = clientOf()
    await expect(client.createChatSession(SERIAL_NUMBER)).resolves.toMatchObject({ sessionId: 123456 })
    const error = await hotTaskError(client.createChatSession('another-bot'))
    expect(error).toMatchObject({ kind: 'http', status: 403, code: 403, retryable: false })
    expect(error.message).toContain('This chatbot is not served here.')
    // The refused request opened no session.
    await expect(client.createChatSession(SERIAL_NUMBER)).resolves.toMatchObject({ sessionId: 123457 })
  })
})

describe('hotTaskHandlers.chatbot: messages', () => {
  it('echoes each message by default, with message ids counting up from 375561', async () => {
    server.use(...hotTaskHandlers.chatbot())
    const client = clientOf()
    const session = await client.createChatSession(SERIAL_NUMBER)
    await expect(client.sendMessage(session, 'hello')).resolves.toEqual({ content: 'You said: hello', messageId: 375561, totalTokens: 4337, version: '1.0.0' })
    await expect(client.sendMessage(session, 'again')).resolves.toMatchObject({ content: 'You said: again', messageId: 375562 })
  })

  it("is sent the session's token by the client (the proxy-mode path)", async () => {
    server.use(...hotTaskHandlers.chatbot())
    const client = clientOf()
    const session = await client.createChatSession(SERIAL_NUMBER)
    await client.sendMessage(session, 'hello')
    await expect(requests[1]!.json()).resolves.toEqual({ sessionID: 123456, content: 'hello', stream: false, sessionToken: session.sessionToken })
  })

  it("gives the reply function the text, the session id and that session's earlier exchanges", async () => {
    const { calls, reply } = recordingReply()
    server.use(...hotTaskHandlers.chatbot({ reply }))
    const client = clientOf()
    const session = await client.createChatSession(SERIAL_NUMBER)
    await client.sendMessage(session, 'one')
    await client.sendMessage(session, 'two')
    await expect(client.sendMessage(session, 'three')).resolves.toMatchObject({ content: 'Re: three' })
    expect(calls).toEqual([
      { sessionId: 123456, history: [] },
      { sessionId: 123456, history: [{ role: 'user', content: 'one' }, { role: 'assistant', content: 'Re: one' }] },
      {
        sessionId: 123456,
        history: [
          { role: 'user', content: 'one' },
          { role: 'assistant', content: 'Re: one' },
          { role: 'user', content: 'two' },
          { role: 'assistant', content: 'Re: two' },
        ],
      },
    ])
  })

  it('holds two sessions apart', async () => {
    const { calls, reply } = recordingReply()
    server.use(...hotTaskHandlers.chatbot({ reply }))
    const client = clientOf()
    const first = await client.createChatSession(SERIAL_NUMBER)
    const second = await client.createChatSession(SERIAL_NUMBER)
    await client.sendMessage(first, 'for the first')
    await client.sendMessage(second, 'for the second')
    await client.sendMessage(first, 'first again')
    expect(calls).toEqual([
      { sessionId: first.sessionId, history: [] },
      { sessionId: second.sessionId, history: [] },
      { sessionId: first.sessionId, history: [{ role: 'user', content: 'for the first' }, { role: 'assistant', content: 'Re: for the first' }] },
    ])
  })

  it('hands the reply function a copy of the history, which later messages leave as it was', async () => {
    const histories: (readonly unknown[])[] = []
    server.use(...hotTaskHandlers.chatbot({ reply: (_, { history }) => (histories.push(history), 'ok') }))
    const client = clientOf()
    const session = await client.createChatSession(SERIAL_NUMBER)
    await client.sendMessage(session, 'one')
    await client.sendMessage(session, 'two')
    expect(histories.map((history) => history.length)).toEqual([0, 2])
  })

  it('answers with a fixed reply, or waits for an async reply function', async () => {
    server.use(...hotTaskHandlers.chatbot({ reply: 'We open at 9.' }))
    const client = clientOf()
    await expect(client.sendMessage(await client.createChatSession(SERIAL_NUMBER), 'hours?')).resolves.toMatchObject({ content: 'We open at 9.' })
    server.resetHandlers(...hotTaskHandlers.chatbot({ reply: async (content, { history }) => `${history.length}: ${content}` }))
    await expect(client.sendMessage(await client.createChatSession(SERIAL_NUMBER), 'hi')).resolves.toMatchObject({ content: '0: hi' })
  })

  it('fails a message whose reply function throws with HTTP 500, and keeps it out of the history', async () => {
    // msw reports the handler's exception on the console before it answers 500.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { calls, reply } = recordingReply()
    server.use(...hotTaskHandlers.chatbot({ reply: (content, context) => (content === 'boom' ? Promise.reject(new Error('boom')) : reply(content, context)) }))
    const client = clientOf()
    const session = await client.createChatSession(SERIAL_NUMBER)
    expect(await hotTaskError(client.sendMessage(session, 'boom'))).toMatchObject({ kind: 'http', status: 500 })
    expect(consoleError).toHaveBeenCalled()
    await client.sendMessage(session, 'fine')
    expect(calls).toEqual([{ sessionId: session.sessionId, history: [] }])
  })

  it('refuses an unusable message with a business error, as the API does', async () => {
    server.use(...hotTaskHandlers.chatbot())
    await clientOf().createChatSession(SERIAL_NUMBER)
    const response = await postMessage({ sessionID: 123456, content: '   ' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 400, Message: 'Invalid message: it is blank.' })
  })

  it('answers a session the proxy made under any base URL', async () => {
    server.use(...hotTaskHandlers.chatbot())
    const client = clientOf({ baseUrl: 'https://app.example/api/hottask' })
    const session = await client.createChatSession(SERIAL_NUMBER)
    await expect(client.sendMessage(session, 'hello')).resolves.toMatchObject({ content: 'You said: hello' })
  })
})

describe('hotTaskHandlers.chatbot: refusals of messages, as the proxy refuses them', () => {
  it('refuses a sessionID it did not create with HTTP 403', async () => {
    server.use(...hotTaskHandlers.chatbot())
    const error = await hotTaskError(createHotTaskClient().sendMessage({ sessionId: 999 }, 'hello'))
    expect(error).toMatchObject({ kind: 'http', status: 403, code: 403, retryable: false })
    expect(error.message).toContain('This chatbot did not create session 999.')
    expect(requests).toHaveLength(1)
  })

  it("refuses another session's token with HTTP 403", async () => {
    server.use(...hotTaskHandlers.chatbot())
    const client = clientOf()
    const first = await client.createChatSession(SERIAL_NUMBER)
    const second = await client.createChatSession(SERIAL_NUMBER)
    const error = await hotTaskError(client.sendMessage({ sessionId: first.sessionId, sessionToken: second.sessionToken }, 'hello'))
    expect(error).toMatchObject({ kind: 'http', status: 403, code: 403 })
    expect(error.message).toContain('The sessionToken is not the one of session 123456.')
  })

  it.each([
    ['a made-up string', 'forged'],
    ['an empty string', ''],
    ['a number', 123456],
    ['null', null],
  ])('refuses a sessionToken that is %s', async (_, sessionToken) => {
    server.use(...hotTaskHandlers.chatbot({ version: '2.0.0' }))
    await clientOf().createChatSession(SERIAL_NUMBER)
    const response = await postMessage({ sessionID: 123456, content: 'hello', stream: false, sessionToken })
    expect(response.status).toBe(403)
    await expect(response.json()).resolves.toMatchObject({ Data: null, Version: '2.0.0', Success: false, Code: 403 })
  })

  it('answers a message without a token, as a client calling HotTask directly sends', async () => {
    server.use(...hotTaskHandlers.chatbot())
    const client = clientOf()
    const { sessionId } = await client.createChatSession(SERIAL_NUMBER)
    await expect(client.sendMessage({ sessionId }, 'hello')).resolves.toMatchObject({ content: 'You said: hello' })
  })

  it('keeps the conversations of each chatbot() to itself', async () => {
    server.use(...hotTaskHandlers.chatbot())
    const client = clientOf()
    const session = await client.createChatSession(SERIAL_NUMBER)
    server.resetHandlers(...hotTaskHandlers.chatbot({ sessionId: 500 }))
    expect(await hotTaskError(client.sendMessage(session, 'hello'))).toMatchObject({ kind: 'http', status: 403 })
  })
})

describe('hotTaskHandlers.chatbot: delays', () => {
  it.each([
    ['waits delayMs before answering either call', { delayMs: 500 }, 500, 500],
    ['waits replyDelayMs instead before answering a message, for typing indicators', { delayMs: 100, replyDelayMs: 2_000 }, 100, 2_000],
    ['answers a session at once when only replyDelayMs is set', { replyDelayMs: 2_000 }, 0, 2_000],
  ])('%s', async (_, options, sessionDelayMs, messageDelayMs) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    server.use(...hotTaskHandlers.chatbot(options))
    const client = clientOf()
    const opening = client.createChatSession(SERIAL_NUMBER)
    const session = sessionDelayMs ? await afterExactly(sessionDelayMs, opening) : await opening
    await expect(afterExactly(messageDelayMs, client.sendMessage(session, 'hello'))).resolves.toMatchObject({ content: 'You said: hello' })
  })
})
