import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { expectSecretFree } from '../support/expect-secret-free'
import { envelope, hangingFetch, jsonReply, scriptedFetch, SECRET } from '../support/replies'

const echo = `invalid key ${SECRET}`

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

async function errorFrom(fetch: typeof globalThis.fetch, serial = 'a') {
  const call = createHotTaskClient({ apiKey: SECRET, fetch, maxRetries: 0, timeoutMs: 10 })
    .createChatSession(serial)
    .catch((e: unknown) => e)
  await vi.runAllTimersAsync()
  return call
}

describe('the secret key never appears in an error', () => {
  it.each([
    ['http, echoed in Message', () => jsonReply(envelope({ Success: false, Code: 401, Message: echo }), { status: 401 })],
    ['http, echoed in the status text', () => new Response('', { status: 401, statusText: echo })],
    ['api, echoed in Message', () => jsonReply(envelope({ Success: false, Code: 403, Message: echo }))],
    ['invalid-response, echoed in the body', () => new Response(`<p>${echo}</p>`)],
    ['invalid-response, success without SessionID', () => jsonReply(envelope({ Data: { key: SECRET } }))],
  ])('%s', async (_, reply) => {
    expectSecretFree(await errorFrom(scriptedFetch(reply).fetch), SECRET)
  })

  it('network, when fetch rejects with the key in its message: the cause is a redacted copy', async () => {
    const error = (await errorFrom(scriptedFetch(new TypeError(`bad header ${SECRET}`)).fetch)) as Error
    expectSecretFree(error, SECRET)
    const cause = error.cause as Error
    expect(cause.name).toBe('TypeError')
    expect(cause.message).toBe('bad header [redacted]')
    expect(cause.stack).not.toContain(SECRET)
  })

  it('keeps a cause without the key as it is', async () => {
    const cause = new TypeError('fetch failed')
    expect(((await errorFrom(scriptedFetch(cause).fetch)) as Error).cause).toBe(cause)
  })

  it.each([
    ['straddling the 80-character excerpt', 'x'.repeat(60) + SECRET],
    ['inside JSON-escaped text', `<p>"${SECRET}"</p>`],
  ])('invalid-response, with the key %s', async (_, body) => {
    expectSecretFree(await errorFrom(scriptedFetch(() => new Response(body)).fetch), SECRET)
    expectSecretFree(await errorFrom(scriptedFetch(() => new Response(body)).fetch), SECRET.slice(0, 12))
  })

  it('timeout', async () => {
    expectSecretFree(await errorFrom(hangingFetch().fetch), SECRET)
  })

  it('invalid-input and config', async () => {
    expectSecretFree(await errorFrom(scriptedFetch(jsonReply(envelope())).fetch, ''), SECRET)
    let thrown: unknown
    try {
      createHotTaskClient({ apiKey: `${SECRET}\n` })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toMatchObject({ kind: 'config' })
    expectSecretFree(thrown, SECRET)
  })
})
