import { describe, expect, it, vi } from 'vitest'
import { sessionKeyring } from '../../../src/server/calls/session-key'
import { checkSessionToken, signSessionToken } from '../../../src/server/calls/session-token'
import { API_KEY } from '../secret'
import { SECRET } from './conversation'

const claims = { sessionId: 7, serialNumber: 'bot-1', expiresAt: Date.now() + 60_000 }
const NOW = claims.expiresAt - 1

/** Whether a token signed with `signer`'s key checks out with `checker`'s. */
async function accepts(signer: Promise<CryptoKey>, checker: Promise<CryptoKey>) {
  const token = await signSessionToken(await signer, claims)
  return (await checkSessionToken(await checker, token, claims.sessionId, NOW)).problem === undefined
}

describe('sessionKeyring', () => {
  it('with a sessionSecret: the same key whatever the API key, in every keyring with that secret', async () => {
    expect(await accepts(sessionKeyring(SECRET)(API_KEY), sessionKeyring(SECRET)('sk-other'))).toBe(true)
    expect(await accepts(sessionKeyring(SECRET)(API_KEY), sessionKeyring(`${SECRET}.`)(API_KEY))).toBe(false)
  })

  it('without one: a key derived from the API key, the same in every keyring, another for another API key', async () => {
    expect(await accepts(sessionKeyring(undefined)(API_KEY), sessionKeyring(undefined)(API_KEY))).toBe(true)
    expect(await accepts(sessionKeyring(undefined)(API_KEY), sessionKeyring(undefined)(`${API_KEY}x`))).toBe(false)
  })

  it('derives with HMAC-SHA256 keyed by the API key over the label "react-hottask session token v1"', async () => {
    const apiKey = await crypto.subtle.importKey('raw', new TextEncoder().encode(API_KEY), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    const derived = await crypto.subtle.sign('HMAC', apiKey, new TextEncoder().encode('react-hottask session token v1'))
    const expected = crypto.subtle.importKey('raw', derived, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
    expect(await accepts(sessionKeyring(undefined)(API_KEY), expected)).toBe(true)
    expect(await accepts(expected, sessionKeyring(undefined)(API_KEY))).toBe(true)
  })

  it('keys that cannot be read back: not extractable, for HMAC-SHA256 signing and verifying only', async () => {
    for (const key of [await sessionKeyring(SECRET)(''), await sessionKeyring(undefined)(API_KEY)]) {
      expect(key.extractable).toBe(false)
      expect(key.algorithm).toMatchObject({ name: 'HMAC', hash: { name: 'SHA-256' } })
      expect([...key.usages].sort()).toEqual(['sign', 'verify'])
    }
  })

  it('keeps the keys of the last four API keys: a fifth pushes out the first, which is derived again', async () => {
    const keyring = sessionKeyring(undefined)
    const importKey = vi.spyOn(crypto.subtle, 'importKey')
    const first = keyring('sk-1')
    for (const apiKey of ['sk-2', 'sk-3', 'sk-4']) await keyring(apiKey)
    expect(keyring('sk-1')).toBe(first)
    // Two imports a key: the API key as an HMAC key, and the key derived with it.
    expect(importKey).toHaveBeenCalledTimes(8)
    const fourth = keyring('sk-4')
    await keyring('sk-5')
    expect(keyring('sk-4')).toBe(fourth)
    const again = keyring('sk-1')
    expect(again).not.toBe(first)
    await again
    expect(importKey).toHaveBeenCalledTimes(12)
    expect(await accepts(first, again)).toBe(true)
  })

  it('imports a sessionSecret once', async () => {
    const keyring = sessionKeyring(SECRET)
    const importKey = vi.spyOn(crypto.subtle, 'importKey')
    const key = keyring('sk-1')
    expect(keyring('sk-2')).toBe(key)
    await key
    expect(importKey).toHaveBeenCalledTimes(1)
  })

  it('rejects with a config error where there is no Web Crypto', async () => {
    vi.stubGlobal('crypto', undefined)
    await expect(sessionKeyring(SECRET)('')).rejects.toMatchObject({ kind: 'config', message: 'HotTask config: session tokens are signed with Web Crypto (globalThis.crypto.subtle), which this runtime lacks.' })
    await expect(sessionKeyring(undefined)(API_KEY)).rejects.toMatchObject({ kind: 'config' })
  })
})
