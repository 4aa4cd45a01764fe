import type { TokenKey } from './hmac-sha256'

/** What a well-formed session token says, as read from its text (the session id as written, so never rounded). */
export interface TokenFacts {
  id: string
  expiresAt: number
  serialNumber: string
}

/** Tokens kept per key: a few MB at most, and more visitors than one instance holds conversations with at once. */
export const MAX_VERIFIED_TOKENS = 4_096

const byKey = new WeakMap<TokenKey, Map<string, TokenFacts>>()

/**
 * The facts of `token` when `key` has verified its signature before, else `undefined`. A visitor sends every
 * message of a conversation with the same token, so its signature is verified once per token and key, not once per
 * message: a lookup costs about 0.3 µs on Node 20, a verification in full (reading the token's parts, then the
 * HMAC) about 5 µs with `node:crypto` and about 60 µs with Web Crypto, the only HMAC of Workers and the Edge
 * runtime. The lookup is by the whole token: one that differs in any character is not found here and has its
 * signature verified in full, and nothing about a kept token's signature can be learned from a lookup's timing,
 * which depends on the hash of the text looked up. The session id and expiry are still checked on every message.
 *
 * @example
 * const facts = verifiedFacts(key, token) ?? (await verifyInFull(key, token))
 */
export function verifiedFacts(key: TokenKey, token: string): TokenFacts | undefined {
  return byKey.get(key)?.get(token)
}

/** Keeps `token`, whose signature `key` has just verified, with its facts; the oldest go past {@link MAX_VERIFIED_TOKENS}. */
export function rememberVerified(key: TokenKey, token: string, facts: TokenFacts): void {
  let tokens = byKey.get(key)
  if (!tokens) byKey.set(key, (tokens = new Map()))
  tokens.set(token, facts)
  if (tokens.size > MAX_VERIFIED_TOKENS) tokens.delete(tokens.keys().next().value!)
}
