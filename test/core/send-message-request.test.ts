import { describe, expect, it } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { DEFAULT_BASE_URL } from '../../src/core/constants'
import { envelope, jsonReply, scriptedFetch, SECRET } from '../support/replies'

const answer = (data: unknown = { messageid: 375561, content: 'Hi! How can I help?', totalToken: 4337 }, version = '1.0.0') =>
  jsonReply(envelope({ Data: data, Version: version }))

describe('sendMessage: the request', () => {
  it('POSTs {sessionID, content, stream: false} to /chat/Chat/ClientAsk with the raw key, and returns the reply', async () => {
    const { fetch, requests } = scriptedFetch(answer())
    const client = createHotTaskClient({ apiKey: SECRET, fetch })
    await expect(client.sendMessage({ sessionId: 123 }, 'hello')).resolves.toEqual({
      content: 'Hi! How can I help?',
      messageId: 375561,
      totalTokens: 4337,
      version: '1.0.0',
    })
    const [request] = requests
    expect(request!.method).toBe('POST')
    expect(request!.url).toBe(`${DEFAULT_BASE_URL}/chat/Chat/ClientAsk`)
    expect(request!.headers.get('authorization')).toBe(SECRET)
    expect(request!.headers.get('content-type')).toBe('application/json')
    expect(await request!.text()).toBe('{"sessionID":123,"content":"hello","stream":false}')
  })

  it('sends the sessionToken back when the session has one (the proxy issued it)', async () => {
    const { fetch, requests } = scriptedFetch(answer())
    await createHotTaskClient({ baseUrl: 'http://localhost/api/hottask', fetch }).sendMessage({ sessionId: 7, sessionToken: 'v1.token' }, 'hi')
    expect(await requests[0]!.json()).toEqual({ sessionID: 7, content: 'hi', stream: false, sessionToken: 'v1.token' })
    expect(requests[0]!.url).toBe('http://localhost/api/hottask/chat/Chat/ClientAsk')
    expect(requests[0]!.headers.has('authorization')).toBe(false)
  })

  it('takes a whole ChatSession as it is (serialNumber and version are not sent)', async () => {
    const { fetch, requests } = scriptedFetch(answer())
    const session = { sessionId: 9, serialNumber: 'bot-1', version: '1.0.0' }
    await createHotTaskClient({ fetch }).sendMessage(session, 'hi')
    expect(await requests[0]!.json()).toEqual({ sessionID: 9, content: 'hi', stream: false })
  })

  it('sends the content exactly as given: spaces, tabs, line breaks, emoji', async () => {
    const { fetch, requests } = scriptedFetch(answer())
    const content = '  two\tlines\r\nand 🙂 \n'
    await createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, content)
    expect((await requests[0]!.json()).content).toBe(content)
  })

  it('adds the headers option, and a headers function is called for the message too', async () => {
    const { fetch, requests } = scriptedFetch(answer())
    await createHotTaskClient({ fetch, headers: async () => ({ 'x-app': 'demo' }) }).sendMessage({ sessionId: 1 }, 'hi')
    expect(requests[0]!.headers.get('x-app')).toBe('demo')
  })

  it('a relative baseUrl where there is no page is a config error at call time, and nothing is sent', async () => {
    const { fetch, requests } = scriptedFetch(answer())
    const client = createHotTaskClient({ baseUrl: '/api/hottask', fetch })
    await expect(client.sendMessage({ sessionId: 1 }, 'hi')).rejects.toMatchObject({ kind: 'config', message: expect.stringContaining('A relative baseUrl needs a page') })
    expect(requests).toHaveLength(0)
  })

  it('joins a baseUrl with trailing slashes', async () => {
    const { fetch, requests } = scriptedFetch(answer())
    await createHotTaskClient({ baseUrl: 'http://127.0.0.1:8080/proxy//', fetch }).sendMessage({ sessionId: 1 }, 'hi')
    expect(requests[0]!.url).toBe('http://127.0.0.1:8080/proxy/chat/Chat/ClientAsk')
  })
})

describe('sendMessage: the reply', () => {
  it.each([
    ['as documented', { messageid: 1, content: 'a', totalToken: 2 }],
    ['in camel case', { messageId: 1, content: 'a', totalToken: 2 }],
    ['in Pascal case', { MessageID: 1, Content: 'a', TotalToken: 2 }],
    ['in upper case', { MESSAGEID: 1, CONTENT: 'a', TOTALTOKEN: 2 }],
  ])('reads Data field names without regard to case: %s', async (_, data) => {
    const { fetch } = scriptedFetch(answer(data))
    await expect(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi')).resolves.toEqual({
      content: 'a',
      messageId: 1,
      totalTokens: 2,
      version: '1.0.0',
    })
  })

  it('prefers the field of the exact documented name when two casings are sent', async () => {
    const { fetch } = scriptedFetch(answer({ Content: 'other', content: 'exact', MessageId: 5, messageid: 6 }))
    await expect(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi')).resolves.toMatchObject({ content: 'exact', messageId: 6 })
  })

  it('leaves messageId and totalTokens out when HotTask sends none, or something else than a finite number', async () => {
    const { fetch } = scriptedFetch(answer({ content: 'a' }), answer({ content: 'b', messageid: '12', totalToken: null }))
    const client = createHotTaskClient({ fetch })
    const first = await client.sendMessage({ sessionId: 1 }, 'hi')
    const second = await client.sendMessage({ sessionId: 1 }, 'hi')
    expect(first).toStrictEqual({ content: 'a', version: '1.0.0' })
    expect(second).toStrictEqual({ content: 'b', version: '1.0.0' })
  })

  it('takes an empty answer as an answer', async () => {
    const { fetch } = scriptedFetch(answer({ content: '' }))
    await expect(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi')).resolves.toMatchObject({ content: '' })
  })

  it('gives the reply the version HotTask sent', async () => {
    const { fetch } = scriptedFetch(answer({ content: 'a' }, '2.1.0'))
    await expect(createHotTaskClient({ fetch }).sendMessage({ sessionId: 1 }, 'hi')).resolves.toMatchObject({ version: '2.1.0' })
  })
})

describe('createChatSession: the token of the proxy', () => {
  it('keeps Data.SessionToken as sessionToken', async () => {
    const { fetch } = scriptedFetch(jsonReply(envelope({ Data: { SessionID: 5, SessionToken: 'v1.abc' } })))
    await expect(createHotTaskClient({ fetch }).createChatSession('bot')).resolves.toEqual({
      sessionId: 5,
      serialNumber: 'bot',
      version: '1.0.0',
      sessionToken: 'v1.abc',
    })
  })

  it.each([['a number', 5], ['an empty string', ''], ['null', null]])('has no sessionToken when Data.SessionToken is %s', async (_, token) => {
    const { fetch } = scriptedFetch(jsonReply(envelope({ Data: { SessionID: 5, SessionToken: token } })))
    const session = await createHotTaskClient({ fetch }).createChatSession('bot')
    expect(session).toStrictEqual({ sessionId: 5, serialNumber: 'bot', version: '1.0.0' })
  })
})

describe('the halves of a client', () => {
  it('adds messages, and the whole client, once per session half: the same object every time', async () => {
    const { createSessionClient } = await import('../../src/core/session-client')
    const { withMessages } = await import('../../src/core/with-messages')
    const { wholeClient } = await import('../../src/core/whole-client')
    const { resolveConfig } = await import('../../src/core/config')
    const sessions = createSessionClient(resolveConfig({}))
    const messages = withMessages(sessions)
    expect(withMessages(sessions)).toBe(messages)
    expect(messages).toMatchObject({ createChatSession: sessions.createChatSession, maxRetries: 2 })
    const whole = wholeClient(sessions)
    expect(wholeClient(sessions)).toBe(whole)
    expect(whole).toMatchObject({ sendMessage: messages.sendMessage, maxRetries: 2 })
    expect(wholeClient(createSessionClient(resolveConfig({})))).not.toBe(whole)
  })
})
