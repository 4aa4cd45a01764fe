import { isHotTaskError } from '../../src/core/errors'
import { apiKeyFor } from '../../src/server/checks/api-key'
import { handlerPaths } from './handler-paths'
import { successBody } from './loopback'
import { API_KEY, read } from './secret'
import { afterEach, describe, expect, it, vi } from 'vitest'

describe.each(handlerPaths)('$path', ({ path, createHandler: createHotTaskHandler }) => {
  const SERIAL = 'bot-1'
  const call = (body = JSON.stringify({ serialNumber: SERIAL }), path = '/api/hottask/chat/Chatbot/GetSession') =>
    new Request(`http://app.test${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })

  function setup() {
    const upstream = vi.fn(async (_: RequestInfo | URL, _init?: RequestInit) => new Response(successBody()))
    const onError = vi.fn()
    // Made with no key at all, as a route module is during `next build`.
    const handler = createHotTaskHandler({ allowedSerialNumbers: [SERIAL], fetch: upstream, onError })
    const sentKey = (call = 0) => new Headers(upstream.mock.calls[call]![1]!.headers).get('authorization')
    return { handler, upstream, onError, sentKey }
  }

  afterEach(() => {
    vi.unstubAllEnvs()
  })

  describe('apiKey left out: HOTTASK_API_KEY is read when a request arrives', () => {
    it('creates the handler without a key in the environment', () => {
      vi.stubEnv('HOTTASK_API_KEY', undefined)
      expect(setup().handler).toBeTypeOf('function')
    })

    it('reads process.env.HOTTASK_API_KEY per request, so a rotated key is picked up', async () => {
      const { handler, sentKey } = setup()
      vi.stubEnv('HOTTASK_API_KEY', API_KEY)
      expect((await read(await handler(call()))).status).toBe(200)
      vi.stubEnv('HOTTASK_API_KEY', `${API_KEY}-rotated`)
      expect((await handler(call())).status).toBe(200)
      expect([sentKey(0), sentKey(1)]).toEqual([API_KEY, `${API_KEY}-rotated`])
    })

    it.runIf(path === 'Fetch handler')("reads the env argument first (Workers' env, Hono's c.env)", async () => {
      const { handler, sentKey } = setup()
      vi.stubEnv('HOTTASK_API_KEY', 'sk-from-process-env')
      expect((await read(await handler(call(), { HOTTASK_API_KEY: API_KEY }))).status).toBe(200)
      expect(sentKey()).toBe(API_KEY)
    })

    it.runIf(path === 'Fetch handler')('passes over a second argument without the key, such as the { params } Next.js gives', async () => {
      const { handler, sentKey } = setup()
      vi.stubEnv('HOTTASK_API_KEY', API_KEY)
      expect((await handler(call(), { params: Promise.resolve({ path: ['chat'] }) })).status).toBe(200)
      expect(sentKey()).toBe(API_KEY)
    })

    it.runIf(path === 'Fetch handler')('passes over a null second argument', async () => {
      const { handler, sentKey } = setup()
      vi.stubEnv('HOTTASK_API_KEY', API_KEY)
      expect((await handler(call(), null as unknown as object)).status).toBe(200)
      expect(sentKey()).toBe(API_KEY)
    })

    it('a given apiKey wins over the environment', async () => {
      const upstream = vi.fn(async (_: RequestInfo | URL, _init?: RequestInit) => new Response(successBody()))
      const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], fetch: upstream })
      vi.stubEnv('HOTTASK_API_KEY', 'sk-from-process-env')
      await handler(call(), { HOTTASK_API_KEY: 'sk-from-env-argument' })
      expect(new Headers(upstream.mock.calls[0]![1]!.headers).get('authorization')).toBe(API_KEY)
    })

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['blank', '   '],
      ['not printable ASCII', 'sk-1\nX-Evil: 1'],
    ])('HOTTASK_API_KEY %s: 500 envelope, onError told, nothing sent upstream', async (_, key) => {
      const { handler, upstream, onError } = setup()
      vi.stubEnv('HOTTASK_API_KEY', key)
      const { status, body } = await read(await handler(call()))
      expect(status).toBe(500)
      expect(body).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: 500, Message: 'The server has no HotTask key configured.' })
      expect(upstream).not.toHaveBeenCalled()
      expect(onError).toHaveBeenCalledTimes(1)
      const [error] = onError.mock.calls[0]!
      expect(isHotTaskError(error) && error.kind).toBe('config')
      expect((error as Error).message).toContain('HOTTASK_API_KEY')
    })

    it('refusals need no key: a 404 or 400 without one is not reported as a missing key', async () => {
      const { handler, onError } = setup()
      vi.stubEnv('HOTTASK_API_KEY', undefined)
      expect((await handler(call(undefined, '/elsewhere'))).status).toBe(404)
      expect((await handler(call('{}'))).status).toBe(400)
      expect(onError).not.toHaveBeenCalled()
    })

    it('scrubs the key it read from the environment out of a relayed reply', async () => {
      const echo = vi.fn(async () => new Response(JSON.stringify({ Data: null, Version: '1', Success: false, Code: 401, Message: `bad key ${API_KEY}` }), { status: 401 }))
      const handler = createHotTaskHandler({ allowedSerialNumbers: [SERIAL], fetch: echo })
      vi.stubEnv('HOTTASK_API_KEY', API_KEY)
      const { status, body } = await read(await handler(call()))
      expect(status).toBe(401)
      expect(body.Message).toBe('bad key [redacted]')
    })
  })

  describe('no usable key and rateLimit', () => {
    it('a request that cannot be forwarded for want of a key does not use up the client’s limit', async () => {
      const upstream = vi.fn(async () => new Response(successBody()))
      const handler = createHotTaskHandler({
        allowedSerialNumbers: [SERIAL],
        fetch: upstream,
        onError: () => {},
        rateLimit: { limit: 1, windowMs: 60_000, clientKey: () => 'visitor-1' },
      })
      vi.stubEnv('HOTTASK_API_KEY', undefined)
      expect([(await handler(call())).status, (await handler(call())).status]).toEqual([500, 500])
      vi.stubEnv('HOTTASK_API_KEY', API_KEY)
      expect((await handler(call())).status).toBe(200)
      expect((await handler(call())).status).toBe(429)
    })
  })

  describe('a key with spaces around it', () => {
    const echoKey = vi.fn(async (_: RequestInfo | URL, init?: RequestInit) => {
      const sent = new Headers(init!.headers).get('authorization')
      return new Response(JSON.stringify({ Data: null, Version: '1', Success: false, Code: 401, Message: `Invalid key "${sent}".` }), { status: 401 })
    })

    it.each([
      ['in HOTTASK_API_KEY', undefined, ` ${API_KEY} `],
      ['given as apiKey', `${API_KEY}  `, undefined],
    ])('is sent trimmed (as HTTP would) and scrubbed as sent, %s', async (_, apiKey, variable) => {
      vi.stubEnv('HOTTASK_API_KEY', variable)
      const handler = createHotTaskHandler({ apiKey, allowedSerialNumbers: [SERIAL], fetch: echoKey })
      const { status, body } = await read(await handler(call()))
      expect(status).toBe(401)
      expect(body.Message).toBe('Invalid key "[redacted]".')
    })

    it('an unusable HOTTASK_API_KEY is reported as set but unusable, not as missing', async () => {
      const { handler, onError } = setup()
      vi.stubEnv('HOTTASK_API_KEY', 'sk-1\n')
      await handler(call())
      expect((onError.mock.calls[0]![0] as Error).message).toContain('HOTTASK_API_KEY is set but is not a usable key')
    })
  })
})

describe('apiKeyFor in a runtime without process (Cloudflare Workers, Deno without Node globals)', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('reads the key from the env argument, and says it is missing when env has none', () => {
    vi.stubGlobal('process', undefined)
    const fromEnv = apiKeyFor({}, { HOTTASK_API_KEY: API_KEY })
    const missing = apiKeyFor({}, {})
    vi.unstubAllGlobals()
    expect(fromEnv).toEqual({ key: API_KEY })
    expect(missing.problem).toMatch(/^no key: set HOTTASK_API_KEY/)
  })
})

describe('Deno without --allow-env: reading process.env throws NotCapable', () => {
  // Deno's own error class, as `Deno.errors.NotCapable` is: an Error whose name says which permission check failed.
  class NotCapable extends Error {
    override name = 'NotCapable'
  }
  const realEnv = process.env
  /** `process.env` as Deno gives it without the permission: every read of HOTTASK_API_KEY throws `thrown()`. */
  function denyEnv(thrown: () => Error) {
    vi.stubGlobal('Deno', { errors: { NotCapable } })
    process.env = new Proxy(realEnv, {
      get: (target, name) => {
        if (name === 'HOTTASK_API_KEY') throw thrown()
        return Reflect.get(target, name)
      },
    })
  }

  afterEach(() => {
    process.env = realEnv
    vi.unstubAllGlobals()
  })

  const denied = () => new (globalThis as unknown as { Deno: { errors: { NotCapable: typeof Error } } }).Deno.errors.NotCapable('Requires env access to "HOTTASK_API_KEY", run again with the --allow-env flag')

  it('apiKeyFor says the environment cannot be read and names --allow-env', () => {
    denyEnv(denied)
    expect(apiKeyFor({}, undefined).problem).toBe(
      'HOTTASK_API_KEY cannot be read: the runtime denies access to the environment. On Deno, run with --allow-env (or --allow-env=HOTTASK_API_KEY), or pass apiKey to createHotTaskHandler.',
    )
  })

  it('a key in the env argument is used without reading process.env', () => {
    denyEnv(denied)
    expect(apiKeyFor({}, { HOTTASK_API_KEY: API_KEY })).toEqual({ key: API_KEY })
  })

  it('Deno 1 called it PermissionDenied: the same answer', () => {
    denyEnv(() => Object.assign(new Error('Requires env access'), { name: 'PermissionDenied' }))
    expect(apiKeyFor({}, undefined).problem).toContain('--allow-env')
  })

  it('any other error from the environment is not taken for a missing key', () => {
    denyEnv(() => new TypeError('something else broke'))
    expect(() => apiKeyFor({}, undefined)).toThrow('something else broke')
  })

  describe.each(handlerPaths)('$path', ({ createHandler: createHotTaskHandler }) => {
    it('answers the no-key 500 envelope, tells onError why, sends nothing upstream', async () => {
      const upstream = vi.fn(async () => new Response(successBody()))
      const onError = vi.fn()
      const handler = createHotTaskHandler({ allowedSerialNumbers: ['bot-1'], fetch: upstream, onError })
      denyEnv(denied)
      const request = new Request('http://app.test/api/hottask/chat/Chatbot/GetSession', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serialNumber: 'bot-1' }),
      })
      const { status, body } = await read(await handler(request))
      process.env = realEnv
      expect(status).toBe(500)
      expect(body.Message).toBe('The server has no HotTask key configured.')
      expect(upstream).not.toHaveBeenCalled()
      const [error] = onError.mock.calls[0]!
      expect(isHotTaskError(error) && error.kind).toBe('config')
      expect((error as Error).message).toContain('run with --allow-env')
    })
  })
})
