import { configError } from '../../core/errors'

/** What the key a token is signed with is derived from, when no `sessionSecret` is given: HMAC-SHA256(API key, this). */
const DERIVATION_LABEL = 'react-hottask session token v1'
const HMAC_SHA256 = { name: 'HMAC', hash: 'SHA-256' } as const
/** Derived keys kept: the key in use, and a few before it while a rotation rolls out across instances. */
const KEPT_DERIVED_KEYS = 4

const utf8 = new TextEncoder()

/**
 * Web Crypto, which every runtime the handler runs on has (Node 19+, Deno, Bun, Workers, the Edge runtime).
 * Looked up at call time, as `fetch` is.
 */
function subtleCrypto(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) throw configError('session tokens are signed with Web Crypto (globalThis.crypto.subtle), which this runtime lacks.')
  return subtle
}

const hmacKey = async (bytes: BufferSource, usages: KeyUsage[]) => subtleCrypto().importKey('raw', bytes, HMAC_SHA256, false, usages)

/** The token key of an API key: HMAC-SHA256 keyed with the API key over a fixed label, so it never reveals the API key. */
async function derivedKey(apiKey: string): Promise<CryptoKey> {
  const derived = await subtleCrypto().sign('HMAC', await hmacKey(utf8.encode(apiKey), ['sign']), utf8.encode(DERIVATION_LABEL))
  return hmacKey(derived, ['sign', 'verify'])
}

/**
 * Gives the HMAC-SHA256 key that session tokens are signed and checked with, for the API key of a call.
 *
 * @example
 * const key = await keyring(apiKey)
 */
export type SessionKeyring = (apiKey: string) => Promise<CryptoKey>

/**
 * The keyring of one handler. With `sessionSecret`, its UTF-8 bytes are the key, whatever the API key. Without it,
 * the key is derived from the API key in use, so instances with the same API key accept each other's tokens and
 * rotating the API key ends the old ones; each derived key is kept (the last few API keys seen, since
 * `HOTTASK_API_KEY` is read per request), so checking a token costs one HMAC, not three.
 *
 * @example
 * const keyring = sessionKeyring(options.sessionSecret)
 * const token = await signSessionToken(await keyring(apiKey), { sessionId, serialNumber, expiresAt })
 */
export function sessionKeyring(sessionSecret: string | undefined): SessionKeyring {
  if (sessionSecret !== undefined) {
    let key: Promise<CryptoKey> | undefined
    return () => (key ??= hmacKey(utf8.encode(sessionSecret), ['sign', 'verify']))
  }
  const derived = new Map<string, Promise<CryptoKey>>()
  return (apiKey) => {
    let key = derived.get(apiKey)
    if (!key) {
      derived.set(apiKey, (key = derivedKey(apiKey)))
      if (derived.size > KEPT_DERIVED_KEYS) derived.delete(derived.keys().next().value!)
    }
    return key
  }
}
