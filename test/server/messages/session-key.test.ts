import * as nodeCrypto from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import { nodeHmacSha256, runtimeHmacSha256, webHmacSha256, type HmacSha256, type TokenKey } from '../../../src/server/calls/hmac-sha256'
import { sessionKeyring } from '../../../src/server/calls/session-key'
import { checkSessionToken, signSessionToken } from '../../../src/server/calls/session-token'
import { API_KEY } from '../secret'
import { SECRET } from './conversation'

const claims = { sessionId: 7, serialNumber: 'bot-1', expiresAt: Date.now() + 60_000 }
const NOW = claims.expiresAt - 1
const utf8 = new TextEncoder()

/** Whether a token signed with `signer`'s key checks out with `checker`'s. */
async function accepts(signer: TokenKey | Promise<TokenKey>, checker: TokenKey | Promise<TokenKey>) {
  const token = await signSessionToken(await signer, claims)
  return (await checkSessionToken(await checker, token, claims.sessionId, NOW)).problem === undefined
}

const engines: Array<[string, () => HmacSha256]> = [
  ['node:crypto', () => nodeHmacSha256(nodeCrypto)],
  ['Web Crypto', webHmacSha256],
]

describe.each(engines)('sessionKeyring (%s)', (_, hmac) => {
  const keyring = (secret: string | undefined) => sessionKeyring(secret, hmac())

  it('with a sessionSecret: the same key whatever the API key, in every keyring with that secret', async () => {
    expect(await accepts(keyring(SECRET)(API_KEY), keyring(SECRET)('sk-other'))).toBe(true)
    expect(await accepts(keyring(SECRET)(API_KEY), keyring(`${SECRET}.`)(API_KEY))).toBe(false)
  })

  it('without one: a key derived from the API key, the same in every keyring, another for another API key', async () => {
    expect(await accepts(keyring(undefined)(API_KEY), keyring(undefined)(API_KEY))).toBe(true)
    expect(await accepts(keyring(undefined)(API_KEY), keyring(undefined)(`${API_KEY}x`))).toBe(false)
  })

  it('derives with HMAC-SHA256 keyed by the API key over the label "react-hottask session token v1"', async () => {
    const derived = nodeCrypto.createHmac('sha256', API_KEY).update('react-hottask session token v1').digest()
    const expected = (async () => hmac()(new Uint8Array(derived)))()
    expect(await accepts(keyring(undefined)(API_KEY), expected)).toBe(true)
    expect(await accepts(expected, keyring(undefined)(API_KEY))).toBe(true)
  })

  it('keys that show nothing of their bytes: a sign, a verify and an equal function, nothing else', async () => {
    for (const key of [await keyring(SECRET)(''), await keyring(undefined)(API_KEY)]) {
      expect(Object.keys(key).sort()).toEqual(['equal', 'sign', 'verify'])
      expect(JSON.stringify(key)).toBe('{}')
    }
  })

  it('keeps the keys of the last four API keys: a fifth pushes out the first, which is derived again', async () => {
    const counted = vi.fn(hmac())
    const derivedKeys = sessionKeyring(undefined, counted)
    const first = derivedKeys('sk-1')
    for (const apiKey of ['sk-2', 'sk-3', 'sk-4']) await derivedKeys(apiKey)
    expect(derivedKeys('sk-1')).toBe(await first)
    // Two keys made per API key: the API key as an HMAC key, and the key derived with it.
    expect(counted).toHaveBeenCalledTimes(8)
    const fourth = derivedKeys('sk-4')
    await derivedKeys('sk-5')
    expect(derivedKeys('sk-4')).toBe(await fourth)
    const again = derivedKeys('sk-1')
    expect(again).not.toBe(first)
    await again
    expect(counted).toHaveBeenCalledTimes(12)
    expect(await accepts(first, again)).toBe(true)
  })

  it('gives a key as its promise until it is made, then as itself: nothing left to await', async () => {
    for (const keys of [keyring(SECRET), keyring(undefined)]) {
      const pending = keys(API_KEY)
      expect(pending).toBeInstanceOf(Promise)
      expect(keys(API_KEY)).toBe(pending)
      const key = await pending
      expect(keys(API_KEY)).toBe(key)
    }
  })

  it('does not put back a key that was pushed out while it was being made', async () => {
    const counted = vi.fn(hmac())
    const derivedKeys = sessionKeyring(undefined, counted)
    const first = derivedKeys('sk-1')
    const others = ['sk-2', 'sk-3', 'sk-4', 'sk-5'].map((apiKey) => derivedKeys(apiKey))
    await Promise.all([first, ...others])
    const again = derivedKeys('sk-1')
    expect(again).toBeInstanceOf(Promise)
    expect(await again).not.toBe(await first)
    expect(counted).toHaveBeenCalledTimes(12)
  })

  it('makes the key of a sessionSecret once', async () => {
    const counted = vi.fn(hmac())
    const secretKeys = sessionKeyring(SECRET, counted)
    const key = secretKeys('sk-1')
    expect(secretKeys('sk-2')).toBe(key)
    await key
    expect(counted).toHaveBeenCalledTimes(1)
    expect(counted).toHaveBeenCalledWith(utf8.encode(SECRET))
  })

  it('equal: two signatures are equal only when every byte is', async () => {
    const key = await keyring(SECRET)('')
    const signature = new Uint8Array(await key.sign(utf8.encode('v1.7')))
    expect(key.equal(signature, signature.slice())).toBe(true)
    for (const index of [0, 15, 31]) {
      const changed = signature.slice()
      changed[index] = changed[index]! ^ 1
      expect(key.equal(signature, changed)).toBe(false)
    }
    expect(key.equal(signature, signature.slice(0, 31))).toBe(false)
    expect(key.equal(signature, new Uint8Array([...signature, 0]))).toBe(false)
  })

  it('refuses a signature of another length without comparing it', async () => {
    const key = await keyring(SECRET)('')
    const data = utf8.encode('v1.7')
    const signature = new Uint8Array(await key.sign(data))
    expect(signature).toHaveLength(32)
    expect(await key.verify(data, signature)).toBe(true)
    expect(await key.verify(data, signature.slice(0, 31))).toBe(false)
    expect(await key.verify(data, new Uint8Array([...signature, 0]))).toBe(false)
    expect(await key.verify(utf8.encode('v1.8'), signature)).toBe(false)
  })
})

describe('node:crypto and Web Crypto give the same bytes', () => {
  const node = () => nodeHmacSha256(nodeCrypto)
  it.each([
    ['a sessionSecret', SECRET],
    ['a key derived from the API key', undefined],
  ])('with %s: a token signed on either verifies on the other, signatures byte for byte', async (_, secret) => {
    const onNode = sessionKeyring(secret, node())(API_KEY)
    const onWeb = sessionKeyring(secret, webHmacSha256())(API_KEY)
    expect(await accepts(onNode, onWeb)).toBe(true)
    expect(await accepts(onWeb, onNode)).toBe(true)
    expect(await signSessionToken(await onNode, claims)).toBe(await signSessionToken(await onWeb, claims))
  })

  it('compares with timingSafeEqual on node:crypto and subtle.verify on Web Crypto, never with ===', async () => {
    const timingSafeEqual = vi.fn(nodeCrypto.timingSafeEqual)
    const token = await signSessionToken(await sessionKeyring(SECRET, node())(''), claims)
    await checkSessionToken(await sessionKeyring(SECRET, nodeHmacSha256({ ...nodeCrypto, timingSafeEqual }))(''), token, claims.sessionId, NOW)
    expect(timingSafeEqual).toHaveBeenCalledTimes(1)
    const verify = vi.spyOn(crypto.subtle, 'verify')
    await checkSessionToken(await sessionKeyring(SECRET, webHmacSha256())(''), token, claims.sessionId, NOW)
    expect(verify).toHaveBeenCalledTimes(1)
  })
})

describe('the runtime HMAC', () => {
  it('is node:crypto where process.getBuiltinModule gives it: keys that sign at once, on the calling thread', async () => {
    const key = await sessionKeyring(SECRET)('')
    expect(key.sign(utf8.encode('v1.7'))).toBeInstanceOf(Uint8Array)
  })

  it('is Web Crypto where it does not (Workers, the Edge runtime): keys that sign with a promise, with a non-extractable CryptoKey', async () => {
    const builtin = process.getBuiltinModule
    vi.spyOn(process, 'getBuiltinModule').mockImplementation((id: string) => (id === 'node:crypto' ? undefined : builtin(id)) as never)
    const importKey = vi.spyOn(crypto.subtle, 'importKey')
    const key = await sessionKeyring(SECRET, runtimeHmacSha256())('')
    expect(key.sign(utf8.encode('v1.7'))).toBeInstanceOf(Promise)
    expect(importKey).toHaveBeenCalledWith('raw', utf8.encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
  })

  it('rejects with a config error where there is neither node:crypto nor Web Crypto', async () => {
    vi.stubGlobal('crypto', undefined)
    const message = 'HotTask config: session tokens are signed with node:crypto or Web Crypto (globalThis.crypto.subtle), and this runtime has neither.'
    await expect(sessionKeyring(SECRET, webHmacSha256())('')).rejects.toMatchObject({ kind: 'config', message })
    await expect(sessionKeyring(undefined, webHmacSha256())(API_KEY)).rejects.toMatchObject({ kind: 'config' })
  })
})
