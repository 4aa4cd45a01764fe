import { runtimeHmacSha256, type HmacSha256, type TokenKey } from './hmac-sha256'

/** What the key a token is signed with is derived from, when no `sessionSecret` is given: HMAC-SHA256(API key, this). */
const DERIVATION_LABEL = 'react-hottask session token v1'
/** Derived keys kept: the key in use, and a few before it while a rotation rolls out across instances. */
const KEPT_DERIVED_KEYS = 4

const utf8 = new TextEncoder()

/** The token key of an API key: HMAC-SHA256 keyed with the API key over a fixed label, so it never reveals the API key. */
async function derivedKey(hmac: HmacSha256, apiKey: string): Promise<TokenKey> {
  const derived = await (await hmac(utf8.encode(apiKey))).sign(utf8.encode(DERIVATION_LABEL))
  return hmac(new Uint8Array(derived))
}

/**
 * Gives the HMAC-SHA256 key that session tokens are signed and checked with, for the API key of a call: the key
 * itself once it is made (its promise only until then), so the calls after the first wait for nothing.
 *
 * @example
 * const key = await keyring(apiKey)
 */
export type SessionKeyring = (apiKey: string) => TokenKey | Promise<TokenKey>

/**
 * The keyring of one handler. With `sessionSecret`, its UTF-8 bytes are the key, whatever the API key. Without it,
 * the key is derived from the API key in use, so instances with the same API key accept each other's tokens and
 * rotating the API key ends the old ones; each derived key is kept (the last few API keys seen, since
 * `HOTTASK_API_KEY` is read per request), so checking a token costs one HMAC, not three. `hmac` is the runtime's
 * (`node:crypto` where it has it, else Web Crypto); both derive the same keys.
 *
 * @example
 * const keyring = sessionKeyring(options.sessionSecret)
 * const token = await signSessionToken(await keyring(apiKey), { sessionId, serialNumber, expiresAt })
 */
export function sessionKeyring(sessionSecret: string | undefined, hmac: HmacSha256 = runtimeHmacSha256()): SessionKeyring {
  // Each key is kept as its promise until it is made, then as itself (a key that failed stays its rejected promise).
  if (sessionSecret !== undefined) {
    let key: TokenKey | Promise<TokenKey> | undefined
    return () => {
      if (key) return key
      const pending = (async () => hmac(utf8.encode(sessionSecret)))()
      pending.then((made) => (key = made), () => {})
      return (key = pending)
    }
  }
  const derived = new Map<string, TokenKey | Promise<TokenKey>>()
  return (apiKey) => {
    const known = derived.get(apiKey)
    if (known) return known
    const pending = derivedKey(hmac, apiKey)
    derived.set(apiKey, pending)
    if (derived.size > KEPT_DERIVED_KEYS) derived.delete(derived.keys().next().value!)
    // Not put back if a rotation dropped it meanwhile.
    pending.then((key) => derived.get(apiKey) === pending && derived.set(apiKey, key), () => {})
    return pending
  }
}
