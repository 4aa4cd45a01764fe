import { describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { isBrowser } from '../../src/core/browser'
import { envelope, jsonReply, scriptedFetch, SECRET } from '../support/replies'
import { expectSecretFree } from '../support/expect-secret-free'

describe('in a browser (jsdom)', () => {
  it('is detected', () => {
    expect(isBrowser()).toBe(true)
  })

  it('refuses a secret key without dangerouslyAllowBrowser, pointing to the proxy mode', () => {
    let thrown: unknown
    try {
      createHotTaskClient({ apiKey: SECRET })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toMatchObject({ kind: 'config', retryable: false })
    expect((thrown as Error).message).toMatch(/browser.*createHotTaskHandler.*baseUrl: '\/api\/hottask'.*dangerouslyAllowBrowser/)
    expectSecretFree(thrown, SECRET)
  })

  it('reports an invalid baseUrl without the hint for servers, since a page can resolve a relative one', () => {
    expect(thrownBy(() => createHotTaskClient({ baseUrl: 'https://exa mple.com' }))).toMatchObject({
      kind: 'config',
      message: 'HotTask config: baseUrl "https://exa mple.com" is not a valid URL.',
    })
  })

  it('allows the key with dangerouslyAllowBrowser: true', () => {
    expect(() => createHotTaskClient({ apiKey: SECRET, dangerouslyAllowBrowser: true })).not.toThrow()
  })

  it('resolves a relative baseUrl against the page (proxy mode)', async () => {
    const { fetch, requests } = scriptedFetch(jsonReply(envelope()))
    await createHotTaskClient({ baseUrl: '/api/hottask', fetch }).createChatSession('a')
    expect(requests[0]!.url).toBe(new URL('/api/hottask/chat/Chatbot/GetSession', location.href).href)
    expect(requests[0]!.headers.has('authorization')).toBe(false)
  })
})

/** Makes this global scope look like a Web Worker's: no window, and `globalThis instanceof WorkerGlobalScope`. */
function stubWorkerScope() {
  vi.stubGlobal('window', undefined)
  vi.stubGlobal(
    'WorkerGlobalScope',
    class {
      static [Symbol.hasInstance]() {
        return true
      }
    },
  )
}

describe('in a Web Worker', () => {
  it('is detected by WorkerGlobalScope, and the key is refused', () => {
    stubWorkerScope()
    expect(isBrowser()).toBe(true)
    expect(() => createHotTaskClient({ apiKey: SECRET })).toThrow(/browser/)
  })

  it('is detected in a worker scope without navigator too', () => {
    stubWorkerScope()
    vi.stubGlobal('navigator', undefined)
    expect(isBrowser()).toBe(true)
  })

  it('is not assumed on Cloudflare Workers, whose global scope descends from the worker one', () => {
    stubWorkerScope()
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' })
    expect(isBrowser()).toBe(false)
  })

  it('is not assumed without window or WorkerGlobalScope', () => {
    vi.stubGlobal('window', undefined)
    expect(isBrowser()).toBe(false)
    expect(() => createHotTaskClient({ apiKey: SECRET })).not.toThrow()
  })
})

/** Calls `run` and returns what it threw. */
function thrownBy(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}

describe('in a React Native-like global (window, no document)', () => {
  it('is a browser: the key ships in the app, where anyone can read it', () => {
    vi.stubGlobal('document', undefined)
    expect(isBrowser()).toBe(true)
    expect(thrownBy(() => createHotTaskClient({ apiKey: SECRET }))).toMatchObject({ kind: 'config' })
  })

  it('is not assumed on Deno, whose servers had a window global until Deno 2', () => {
    vi.stubGlobal('document', undefined)
    vi.stubGlobal('Deno', { version: { deno: '1.46.0' } })
    expect(isBrowser()).toBe(false)
  })
})

describe('an Authorization header in a browser', () => {
  const direct = { baseUrl: 'https://usapi.hottask.com' }

  it.each([
    ['an object', { Authorization: SECRET }],
    ['an array of pairs', [['authorization', SECRET]]],
    ['a Headers', new Headers({ authorization: SECRET })],
  ])('in headers as %s is refused at creation like apiKey, pointing to the proxy mode', (_, headers) => {
    const error = thrownBy(() => createHotTaskClient({ ...direct, headers: headers as HeadersInit }))
    expect(error).toMatchObject({ kind: 'config', retryable: false })
    expect((error as Error).message).toMatch(/Authorization header.*proxy mode.*dangerouslyAllowBrowser/)
    expectSecretFree(error, SECRET)
  })

  it('returned by a headers function is refused at call time, and nothing is sent', async () => {
    const { fetch, requests } = scriptedFetch(jsonReply(envelope()))
    const client = createHotTaskClient({ ...direct, fetch, headers: async () => ({ authorization: SECRET }) })
    await expect(client.createChatSession('a')).rejects.toMatchObject({ kind: 'config', message: expect.stringMatching(/Authorization header/) })
    expect(requests).toHaveLength(0)
  })

  it('is the default baseUrl too: HotTask itself is another origin', () => {
    expect(thrownBy(() => createHotTaskClient({ headers: { authorization: SECRET } }))).toMatchObject({ kind: 'config' })
  })

  it('is allowed with dangerouslyAllowBrowser, static or from a function', async () => {
    const { fetch, requests } = scriptedFetch(jsonReply(envelope()))
    createHotTaskClient({ ...direct, headers: { authorization: SECRET }, dangerouslyAllowBrowser: true })
    await createHotTaskClient({ ...direct, fetch, headers: () => ({ authorization: SECRET }), dangerouslyAllowBrowser: true }).createChatSession('a')
    expect(requests[0]!.headers.get('authorization')).toBe(SECRET)
  })

  it("is allowed to the page's own origin: your own token for your proxy route", async () => {
    const { fetch, requests } = scriptedFetch(jsonReply(envelope()))
    await createHotTaskClient({ baseUrl: '/api/hottask', fetch, headers: { authorization: 'Bearer user' } }).createChatSession('a')
    await createHotTaskClient({ baseUrl: location.origin + '/api/hottask', fetch, headers: () => ({ authorization: 'Bearer user' }) }).createChatSession('a')
    expect(requests.map((request) => request.headers.get('authorization'))).toEqual(['Bearer user', 'Bearer user'])
  })

  it('is refused to a protocol-relative baseUrl on another host', () => {
    expect(thrownBy(() => createHotTaskClient({ baseUrl: '//evil.example/api', headers: { authorization: 'x' } }))).toMatchObject({ kind: 'config' })
  })

  it('is allowed outside a browser (a server sending the key its own way)', async () => {
    vi.stubGlobal('window', undefined)
    const { fetch, requests } = scriptedFetch(jsonReply(envelope()))
    await createHotTaskClient({ ...direct, fetch, headers: () => ({ authorization: SECRET }) }).createChatSession('a')
    expect(requests[0]!.headers.get('authorization')).toBe(SECRET)
  })
})
