import * as nodeCrypto from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { nodeHmacSha256, webHmacSha256, type HmacSha256 } from '../../../src/server/calls/hmac-sha256'
import { sessionKeyring } from '../../../src/server/calls/session-key'
import { checkSessionToken, MAX_SESSION_TOKEN_LENGTH, signSessionToken, type SessionClaims } from '../../../src/server/calls/session-token'
import { MAX_VERIFIED_TOKENS } from '../../../src/server/calls/verified-tokens'
import { API_KEY } from '../secret'
import { SECRET } from './conversation'

const NOW = 1_767_225_600_000
const claims: SessionClaims = { sessionId: 1001, serialNumber: 'bot-1', expiresAt: NOW + 60_000 }

/** Every signature check of the keys an engine makes goes through `verify` (or `equal`, for one verified before), whichever key it is. */
function watched(hmac: HmacSha256) {
  const verify = vi.fn()
  const equal = vi.fn()
  const watchedHmac: HmacSha256 = async (bytes) => {
    const key = await hmac(bytes)
    return {
      sign: (data) => key.sign(data),
      verify: (data, signature) => (verify(data, signature), key.verify(data, signature)),
      equal: (a, b) => (equal(a, b), key.equal(a, b)),
    }
  }
  return { watchedHmac, verifies: () => verify.mockClear(), compares: () => equal.mockClear() }
}

describe.each([
  ['node:crypto', nodeHmacSha256(nodeCrypto)],
  ['Web Crypto', webHmacSha256()],
])('session tokens (%s)', (_, hmac) => {
  const { watchedHmac, verifies, compares } = watched(hmac)
  const keyring = (secret: string) => sessionKeyring(secret, watchedHmac)
  const key = () => keyring(SECRET)('')
  const issued = async (overrides: Partial<SessionClaims> = {}) => signSessionToken(await key(), { ...claims, ...overrides })

  it('are v1.<session id>.<expiry>.<serial number in base64url>.<signature>, and check out with their claims', async () => {
    const token = await issued()
    expect(token).toMatch(/^v1\.1001\.1767225660000\.Ym90LTE\.[\w-]{42}[AEIMQUYcgkosw048]$/)
    expect(await checkSessionToken(await key(), token, 1001, NOW)).toEqual({ claims })
  })

  it('hold neither the key nor anything derived from the API key in plain text', async () => {
    const token = await signSessionToken(await sessionKeyring(undefined, hmac)(API_KEY), claims)
    expect(token).not.toContain(API_KEY)
    expect(token).not.toContain(Buffer.from(API_KEY).toString('base64url'))
  })

  it('the longest a handler issues fits the length bound, and checks out', async () => {
    const longest = { sessionId: Number.MAX_SAFE_INTEGER, serialNumber: '€'.repeat(256), expiresAt: NOW + 366 * 86_400_000 }
    const token = await signSessionToken(await key(), longest)
    expect(token).toHaveLength(1_102)
    expect(token.length).toBeLessThanOrEqual(MAX_SESSION_TOKEN_LENGTH)
    expect(await checkSessionToken(await key(), token, Number.MAX_SAFE_INTEGER, NOW)).toEqual({ claims: longest })
  })

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 1001],
    ['an object', { token: 'v1' }],
  ])('a sessionToken that is %s is no token', async (_, token) => {
    expect(await checkSessionToken(await key(), token, 1001, NOW)).toEqual({ problem: 'The message needs the sessionToken string that came with its chat session.' })
  })

  describe('malformed tokens are refused before any crypto', () => {
    const swap = (token: string, index: number, part: string) => token.split('.').map((value, i) => (i === index ? part : value)).join('.')
    const cases: Array<[string, (token: string) => string]> = [
      ['empty', () => ''],
      ['another version', (token) => swap(token, 0, 'v2')],
      ['no version', (token) => token.slice(3)],
      ['a part too many', (token) => `${token}.x`],
      ['a part missing', (token) => token.slice(0, token.lastIndexOf('.'))],
      ['an id with a leading zero', (token) => swap(token, 1, '01001')],
      ['an id that is not digits', (token) => swap(token, 1, '1e3')],
      ['an id of 17 digits', (token) => swap(token, 1, '1'.repeat(17))],
      ['an expiry that is not digits', (token) => swap(token, 2, 'soon')],
      ['an empty expiry', (token) => swap(token, 2, '')],
      ['a serial number in plain base64', (token) => swap(token, 3, 'Ym90+LTE=')],
      ['an empty serial number', (token) => swap(token, 3, '')],
      ['a serial number of the wrong base64 length', (token) => swap(token, 3, 'Ym90L')],
      // atob would drop the spaces and read "bot".
      ['a serial number with a space before it', (token) => swap(token, 3, ' Ym90')],
      ['a serial number with a space after it', (token) => swap(token, 3, 'Ym90 ')],
      ['a serial number that is not UTF-8', (token) => swap(token, 3, '_w')],
      ['a signature one character short', (token) => token.slice(0, -1)],
      ['a signature one character long', (token) => `${token}A`],
      ['a signature with a padding character', (token) => `${token.slice(0, -1)}=`],
      ['a signature whose last character has bits no signature has', (token) => `${token.slice(0, -1)}${token.endsWith('B') ? 'C' : 'B'}`],
      ['past the length bound', (token) => swap(token, 3, 'A'.repeat(MAX_SESSION_TOKEN_LENGTH))],
    ]
    it.each(cases)('%s', async (_, malform) => {
      const token = malform(await issued())
      const verify = verifies()
      expect(await checkSessionToken(await key(), token, 1001, NOW)).toEqual({ problem: 'The sessionToken is malformed.' })
      expect(verify).not.toHaveBeenCalled()
    })
  })

  it('the length bound takes a well-formed token of exactly 1,200 characters to the signature check, and no longer one', async () => {
    const token = await issued()
    const [version, id, expiry, serial, signature] = token.split('.')
    const padded = (length: number) => [version, id, expiry, serial + 'A'.repeat(length - token.length), signature].join('.')
    // 'A's add zero bytes (NUL characters) to the serial number: still UTF-8, no longer what was signed.
    expect(padded(MAX_SESSION_TOKEN_LENGTH)).toHaveLength(1_200)
    expect(await checkSessionToken(await key(), padded(MAX_SESSION_TOKEN_LENGTH), 1001, NOW)).toEqual({ problem: 'The sessionToken was not issued here.' })
    expect(await checkSessionToken(await key(), padded(MAX_SESSION_TOKEN_LENGTH + 1), 1001, NOW)).toEqual({ problem: 'The sessionToken is malformed.' })
  })

  it('a token for another session id is refused before any crypto', async () => {
    const verify = verifies()
    expect(await checkSessionToken(await key(), await issued(), 1002, NOW)).toEqual({ problem: 'The sessionToken is for another chat session.' })
    expect(await checkSessionToken(await key(), await issued({ sessionId: 10 }), 1, NOW)).toEqual({ problem: 'The sessionToken is for another chat session.' })
    expect(verify).not.toHaveBeenCalled()
  })

  it('expires at its expiry: taken at expiresAt - 1, refused at expiresAt (before any crypto)', async () => {
    const token = await issued()
    expect(await checkSessionToken(await key(), token, 1001, claims.expiresAt - 1)).toEqual({ claims })
    const verify = verifies()
    expect(await checkSessionToken(await key(), token, 1001, claims.expiresAt)).toEqual({ problem: 'The sessionToken has expired: start a new chat session.' })
    expect(verify).not.toHaveBeenCalled()
  })

  it("the signature is checked with the key's verify, over everything before it", async () => {
    const token = await issued()
    const verify = verifies()
    await checkSessionToken(await key(), token, 1001, NOW)
    expect(verify).toHaveBeenCalledTimes(1)
    const [data, signature] = verify.mock.calls[0]!
    expect(Buffer.from(signature as Uint8Array).toString('base64url')).toBe(token.split('.')[4])
    expect(new TextDecoder().decode(data as Uint8Array)).toBe(token.slice(0, token.lastIndexOf('.')))
  })

  describe('a token verified once is not verified again by the same key', () => {
    it('its next messages take no crypto, with the same claims', async () => {
      const verifier = await key()
      const token = await issued()
      expect(await checkSessionToken(verifier, token, 1001, NOW)).toEqual({ claims })
      const verify = verifies()
      expect(await checkSessionToken(verifier, token, 1001, NOW + 1)).toEqual({ claims })
      expect(verify).not.toHaveBeenCalled()
    })

    it('still only for its own session, and only until it expires', async () => {
      const verifier = await key()
      const token = await issued()
      await checkSessionToken(verifier, token, 1001, NOW)
      expect(await checkSessionToken(verifier, token, 1002, NOW)).toEqual({ problem: 'The sessionToken is for another chat session.' })
      expect(await checkSessionToken(verifier, token, 1001, claims.expiresAt)).toEqual({ problem: 'The sessionToken has expired: start a new chat session.' })
    })

    it("compares its signature with the verified one's in constant time (key.equal, on the bytes of its one encoding), never as strings", async () => {
      const verifier = await key()
      const token = await issued()
      await checkSessionToken(verifier, token, 1001, NOW)
      const equal = compares()
      expect(await checkSessionToken(verifier, token, 1001, NOW + 1)).toEqual({ claims })
      const signature = new TextEncoder().encode(token.split('.')[4])
      expect(equal).toHaveBeenCalledExactlyOnceWith(signature, signature)
    })

    it('a verified token with another signature is compared, then verified in full, and refused', async () => {
      const verifier = await key()
      const token = await issued()
      await checkSessionToken(verifier, token, 1001, NOW)
      const equal = compares()
      const verify = verifies()
      const resigned = `${token.slice(0, token.lastIndexOf('.'))}.${Buffer.alloc(32, 7).toString('base64url')}`
      for (let i = 0; i < 2; i++) expect(await checkSessionToken(verifier, resigned, 1001, NOW)).toEqual({ problem: 'The sessionToken was not issued here.' })
      expect(equal).toHaveBeenCalledTimes(2)
      expect(verify).toHaveBeenCalledTimes(2)
      expect(await checkSessionToken(verifier, token, 1001, NOW)).toEqual({ claims })
    })

    it('a token one character away from a verified one is verified in full, and refused', async () => {
      const verifier = await key()
      const token = await issued()
      await checkSessionToken(verifier, token, 1001, NOW)
      const verify = verifies()
      const edited = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1)
      expect(await checkSessionToken(verifier, edited, 1001, NOW)).toEqual({ problem: 'The sessionToken was not issued here.' })
      expect(verify).toHaveBeenCalledTimes(1)
    })

    it('another key verifies it itself (and refuses it when it did not sign it)', async () => {
      const token = await issued()
      await checkSessionToken(await key(), token, 1001, NOW)
      const verify = verifies()
      const other = await keyring('another-secret-of-32-characters-or-more')('')
      expect(await checkSessionToken(other, token, 1001, NOW)).toEqual({ problem: 'The sessionToken was not issued here.' })
      expect(await checkSessionToken(await key(), token, 1001, NOW)).toEqual({ claims })
      expect(verify).toHaveBeenCalledTimes(2)
    })

    it('a refused token is not kept: it is verified (and refused) each time', async () => {
      const verifier = await key()
      const forged = await signSessionToken(await keyring('another-secret-of-32-characters-or-more')(''), claims)
      const verify = verifies()
      for (let i = 0; i < 2; i++) expect(await checkSessionToken(verifier, forged, 1001, NOW)).toEqual({ problem: 'The sessionToken was not issued here.' })
      expect(verify).toHaveBeenCalledTimes(2)
    })

    it(`keeps the last ${MAX_VERIFIED_TOKENS} tokens of a key: the oldest is verified again`, async () => {
      const verifier = await key()
      const tokens = await Promise.all(Array.from({ length: MAX_VERIFIED_TOKENS + 1 }, (_, i) => signSessionToken(verifier, { ...claims, sessionId: i + 1 })))
      for (const [i, token] of tokens.entries()) await checkSessionToken(verifier, token, i + 1, NOW)
      const verify = verifies()
      await checkSessionToken(verifier, tokens[1]!, 2, NOW)
      expect(verify).not.toHaveBeenCalled()
      expect(await checkSessionToken(verifier, tokens[0]!, 1, NOW)).toEqual({ claims: { ...claims, sessionId: 1 } })
      expect(verify).toHaveBeenCalledTimes(1)
    })
  })

  it('re-signed with another key, or with a changed field, it was not issued here', async () => {
    const other = await signSessionToken(await keyring('another-secret-of-32-characters-or-more')(''), claims)
    expect(await checkSessionToken(await key(), other, 1001, NOW)).toEqual({ problem: 'The sessionToken was not issued here.' })
    const [version, id, expiry, serial, signature] = (await issued()).split('.')
    for (const tampered of [
      [version, id, String(Number(expiry) + 86_400_000), serial, signature],
      [version, id, expiry, Buffer.from('bot-2').toString('base64url'), signature],
      [version, id, expiry, `${serial}A`, signature],
    ])
      expect(await checkSessionToken(await key(), tampered.join('.'), 1001, NOW)).toEqual({ problem: 'The sessionToken was not issued here.' })
    // Another session's signature on this session's fields.
    const otherSignature = (await issued({ sessionId: 1002 })).split('.')[4]
    expect(await checkSessionToken(await key(), [version, id, expiry, serial, otherSignature].join('.'), 1001, NOW)).toEqual({ problem: 'The sessionToken was not issued here.' })
  })

  it('no truncation of a token is taken', async () => {
    const token = await issued()
    for (let length = 0; length < token.length; length++) expect((await checkSessionToken(await key(), token.slice(0, length), 1001, NOW)).problem, String(length)).toBeDefined()
  })

  it('no token with one character changed, added or removed is taken (fast-check)', async () => {
    const token = await issued()
    const verifier = await key()
    const alphabet = fc.constantFrom(...'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_.=+/ é'.split(''))
    const edit = fc.oneof(
      fc.record({ at: fc.nat(token.length - 1), by: alphabet }).map(({ at, by }) => token.slice(0, at) + by + token.slice(at + 1)),
      fc.record({ at: fc.nat(token.length), by: alphabet }).map(({ at, by }) => token.slice(0, at) + by + token.slice(at)),
      fc.nat(token.length - 1).map((at) => token.slice(0, at) + token.slice(at + 1)),
    )
    await fc.assert(
      fc.asyncProperty(edit.filter((edited) => edited !== token), async (edited) => {
        expect((await checkSessionToken(verifier, edited, 1001, NOW)).problem).toBeDefined()
      }),
      { numRuns: 500 },
    )
  })
})

describe('signing and checking wait only for Web Crypto', () => {
  const later = 1_000
  it('node:crypto: the token and the verdicts themselves, first check and cached alike', async () => {
    const key = await sessionKeyring(SECRET, nodeHmacSha256(nodeCrypto))('')
    const token = signSessionToken(key, claims)
    expect(typeof token).toBe('string')
    const first = checkSessionToken(key, token, claims.sessionId, NOW)
    expect(first).toEqual({ claims })
    expect(checkSessionToken(key, token, claims.sessionId, NOW + later)).toEqual({ claims })
    const forged = `${(token as string).slice(0, -2)}AA`
    expect(checkSessionToken(key, forged, claims.sessionId, NOW)).toEqual({ problem: 'The sessionToken was not issued here.' })
  })

  it('Web Crypto: promises of the same token and verdicts; a verified token is then checked without waiting', async () => {
    const key = await sessionKeyring(SECRET, webHmacSha256())('')
    const signing = signSessionToken(key, claims)
    expect(signing).toBeInstanceOf(Promise)
    const token = await signing
    expect(token).toBe(signSessionToken(await sessionKeyring(SECRET, nodeHmacSha256(nodeCrypto))(''), claims))
    const checking = checkSessionToken(key, token, claims.sessionId, NOW)
    expect(checking).toBeInstanceOf(Promise)
    expect(await checking).toEqual({ claims })
    expect(checkSessionToken(key, token, claims.sessionId, NOW + later)).toEqual({ claims })
    const forged = checkSessionToken(key, `${token.slice(0, -2)}AA`, claims.sessionId, NOW)
    expect(await forged).toEqual({ problem: 'The sessionToken was not issued here.' })
  })
})
