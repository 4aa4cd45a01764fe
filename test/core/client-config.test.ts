import { describe, expect, it } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import type { HotTaskClientConfig } from '../../src/core/types'
import { scriptedFetch, SECRET } from '../support/replies'

function configErrorOf(config: HotTaskClientConfig) {
  try {
    createHotTaskClient(config)
  } catch (error) {
    return error
  }
  throw new Error('expected a config error')
}

describe('createHotTaskClient: config errors', () => {
  it.each<[string, HotTaskClientConfig, RegExp]>([
    ['timeoutMs 0', { timeoutMs: 0 }, /timeoutMs must be a whole number from 1 to 2147483647, got 0/],
    ['timeoutMs NaN', { timeoutMs: Number.NaN }, /timeoutMs/],
    ['timeoutMs 1.5', { timeoutMs: 1.5 }, /timeoutMs/],
    ['maxRetries -1', { maxRetries: -1 }, /maxRetries must be a whole number from 0 to \d+, got -1/],
    ['maxRetries Infinity', { maxRetries: Number.POSITIVE_INFINITY }, /maxRetries/],
    ['an unparsable baseUrl', { baseUrl: 'https://exa mple.com' }, /baseUrl "https:\/\/exa mple.com" is not a valid URL\./],
    ['a baseUrl with a bad port', { baseUrl: 'https://host:99999' }, /baseUrl "https:\/\/host:99999" is not a valid URL/],
    ['an empty apiKey', { apiKey: '' }, /apiKey must be printable ASCII .*not blank/],
    ['a blank apiKey', { apiKey: '  ' }, /apiKey must be printable ASCII .*not blank/],
    ['an apiKey with a line break', { apiKey: `${SECRET}\n` }, /printable ASCII \(no line breaks\)/],
    ['an apiKey with non-ASCII characters', { apiKey: 'sk-ключ' }, /printable ASCII/],
    ['a timeoutMs setTimeout cannot wait for', { timeoutMs: 2 ** 31 }, /timeoutMs must be a whole number from 1 to 2147483647/],
    ['a fetch that is not a function', { fetch: 'fetch' as unknown as typeof fetch }, /fetch must be a function/],
  ])('refuses %s', (_, config, message) => {
    const error = configErrorOf(config)
    expect(error).toMatchObject({ kind: 'config', retryable: false })
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain(SECRET)
  })

  it('accepts the limits: timeoutMs from 1 to 2147483647 ms, maxRetries from 0', () => {
    for (const config of [{ timeoutMs: 1 }, { timeoutMs: 2 ** 31 - 1 }, { maxRetries: 0 }]) expect(() => createHotTaskClient(config)).not.toThrow()
  })

  it('leaves a relative baseUrl with a colon in its path for call time, so server rendering does not throw', async () => {
    const { fetch, requests } = scriptedFetch(new Response('{}'))
    const client = createHotTaskClient({ fetch, baseUrl: 'api/hottask:v2' })
    await expect(client.createChatSession('a')).rejects.toMatchObject({ kind: 'config', message: expect.stringMatching(/relative baseUrl needs a page/) })
    expect(requests).toHaveLength(0)
  })

  it('accepts a key on a server (no window), with no browser flag', () => {
    expect(() => createHotTaskClient({ apiKey: SECRET })).not.toThrow()
  })

  it('refuses a per-call maxRetries that is not a whole number', async () => {
    const { fetch, requests } = scriptedFetch(new Response('{}'))
    const client = createHotTaskClient({ fetch })
    await expect(client.createChatSession('a', { maxRetries: -1 })).rejects.toMatchObject({
      kind: 'config',
      message: expect.stringMatching(/^HotTask config: maxRetries must be a whole number from 0 to \d+, got -1\.$/),
    })
    expect(requests).toHaveLength(0)
  })

  it('reports a failing headers function as a config error with its cause, and sends nothing', async () => {
    const { fetch, requests } = scriptedFetch(new Response('{}'))
    const cause = new Error('token store down')
    const client = createHotTaskClient({ fetch, headers: () => Promise.reject(cause) })
    await expect(client.createChatSession('a')).rejects.toMatchObject({
      kind: 'config',
      message: 'HotTask config: the headers option failed to give valid headers.',
      cause,
    })
    expect(requests).toHaveLength(0)
  })

  it('reports invalid header values as a config error', async () => {
    const { fetch } = scriptedFetch(new Response('{}'))
    const client = createHotTaskClient({ fetch, headers: { 'bad header': 'x' } })
    await expect(client.createChatSession('a')).rejects.toMatchObject({ kind: 'config' })
  })
})
