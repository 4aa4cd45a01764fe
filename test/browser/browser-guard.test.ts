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
