import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { DEFAULT_BASE_URL } from '../../src/core/constants'
import { envelope, jsonReply, scriptedFetch, SECRET } from '../support/replies'

const ok = () => jsonReply(envelope({ Data: { SessionID: 987 }, Version: '1.2.3' }))

describe('createChatSession: the request', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('POSTs the serial number as JSON with the raw key as Authorization, and returns the session', async () => {
    const { fetch, requests } = scriptedFetch(ok())
    const client = createHotTaskClient({ apiKey: SECRET, fetch })
    await expect(client.createChatSession('bot-1')).resolves.toEqual({ sessionId: 987, serialNumber: 'bot-1', version: '1.2.3' })
    const [request] = requests
    expect(request!.method).toBe('POST')
    expect(request!.url).toBe(`${DEFAULT_BASE_URL}/chat/Chatbot/GetSession`)
    expect(request!.headers.get('authorization')).toBe(SECRET)
    expect(request!.headers.get('content-type')).toBe('application/json')
    expect(await request!.json()).toEqual({ serialNumber: 'bot-1' })
  })

  it('joins baseUrl and path, ignoring trailing slashes', async () => {
    const { fetch, requests } = scriptedFetch(ok())
    await createHotTaskClient({ baseUrl: 'http://127.0.0.1:8080/proxy//', fetch }).createChatSession('a')
    expect(requests[0]!.url).toBe('http://127.0.0.1:8080/proxy/chat/Chatbot/GetSession')
  })

  it('sends no Authorization without an apiKey (proxy mode)', async () => {
    const { fetch, requests } = scriptedFetch(ok())
    await createHotTaskClient({ baseUrl: 'http://localhost/api/hottask', fetch }).createChatSession('a')
    expect(requests[0]!.headers.has('authorization')).toBe(false)
  })

  it.each([
    ['an object', { 'x-app': 'demo' }],
    ['a Headers', new Headers({ 'x-app': 'demo' })],
    ['pairs', [['x-app', 'demo']] as [string, string][]],
    ['a function', () => ({ 'x-app': 'demo' })],
    ['an async function', async () => ({ 'x-app': 'demo' })],
  ])('adds headers given as %s', async (_, headers) => {
    const { fetch, requests } = scriptedFetch(ok())
    await createHotTaskClient({ headers, fetch }).createChatSession('a')
    expect(requests[0]!.headers.get('x-app')).toBe('demo')
  })

  it('calls a headers function before every attempt', async () => {
    const { fetch, requests } = scriptedFetch(new TypeError('offline'), ok())
    let n = 0
    const client = createHotTaskClient({ headers: () => ({ 'x-attempt': String(++n) }), fetch })
    vi.useFakeTimers()
    const done = client.createChatSession('a')
    await vi.runAllTimersAsync()
    await done
    vi.useRealTimers()
    expect(requests.map((r) => r.headers.get('x-attempt'))).toEqual(['1', '2'])
  })

  it('keeps its own Content-Type and key over the headers option', async () => {
    const { fetch, requests } = scriptedFetch(ok())
    const headers = { 'content-type': 'text/plain', authorization: 'other' }
    await createHotTaskClient({ apiKey: SECRET, headers, fetch }).createChatSession('a')
    expect(requests[0]!.headers.get('content-type')).toBe('application/json')
    expect(requests[0]!.headers.get('authorization')).toBe(SECRET)
  })

  it('lets the headers option set Authorization in proxy mode, for your own auth', async () => {
    const { fetch, requests } = scriptedFetch(ok())
    await createHotTaskClient({ baseUrl: 'http://localhost/api', headers: { authorization: 'Bearer user' }, fetch }).createChatSession('a')
    expect(requests[0]!.headers.get('authorization')).toBe('Bearer user')
  })

  it('looks the global fetch up at call time, so msw or a later polyfill is used', async () => {
    const client = createHotTaskClient()
    const { fetch, requests } = scriptedFetch(ok())
    vi.stubGlobal('fetch', fetch)
    await expect(client.createChatSession('a')).resolves.toMatchObject({ sessionId: 987 })
    expect(requests).toHaveLength(1)
  })

  it('tells its maxRetries', () => {
    expect(createHotTaskClient().maxRetries).toBe(2)
    expect(createHotTaskClient({ maxRetries: 0 }).maxRetries).toBe(0)
  })
})
