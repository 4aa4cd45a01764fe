import { isPending } from '../checks/pending'
import { runtimeBase64url } from './base64url'
import type { TokenKey } from './hmac-sha256'
import { rememberVerified, verifiedFacts, type TokenFacts } from './verified-tokens'

/**
 * What a session token vouches for: the chat session, the chatbot it belongs to, and when the token ends (epoch ms).
 *
 * @example
 * const claims: SessionClaims = { sessionId: 123456, serialNumber: '3254a9d0…', expiresAt: Date.now() + 86_400_000 }
 */
export interface SessionClaims {
  sessionId: number
  serialNumber: string
  expiresAt: number
}

/**
 * The longest token the handler reads, in characters. The longest it issues has 1,102: `v1`, a 16-digit session
 * id, a 13-digit expiry, a 256-character serial number of 3-byte characters (1,024 in base64url) and the signature
 * (43), with their four dots. A longer one is refused before it is even split.
 */
export const MAX_SESSION_TOKEN_LENGTH = 1_200

const VERSION = 'v1'
const DIGITS = /^[1-9]\d{0,15}$/
const BASE64URL = /^[\w-]+$/
// 32 bytes in unpadded base64url: 43 characters, the last holding 4 bits and two zero bits (one encoding only).
const SIGNATURE = /^[\w-]{42}[AEIMQUYcgkosw048]$/

const { bytesToBase64url, textToBase64url } = runtimeBase64url
const utf8 = new TextEncoder()
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** Throws on text that is not base64 (a length that leaves one character over). */
function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'))
  // A loop, not Uint8Array.from(binary, mapFn): a fifth of the time, on every token verified in full.
  const bytes = new Uint8Array(binary.length)
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index)
  return bytes
}

/**
 * A token for `claims`, signed with `key` (HMAC-SHA256): `v1.<session id>.<expiry, epoch ms>.<serial
 * number, UTF-8 in base64url>.<signature of all before it, base64url>`. It holds nothing secret, and nothing of the
 * key: anyone may read it, no one can change it. The token itself where `key` signs synchronously (`node:crypto`),
 * else its promise (Web Crypto).
 *
 * @example
 * const token = await signSessionToken(key, { sessionId: 123456, serialNumber: 'bot-1', expiresAt: Date.now() + ttl })
 * // 'v1.123456.1767225600000.Ym90LTE.…'
 */
export function signSessionToken(key: TokenKey, { sessionId, serialNumber, expiresAt }: SessionClaims): string | Promise<string> {
  const signed = `${VERSION}.${sessionId}.${expiresAt}.${textToBase64url(serialNumber)}`
  const signature = key.sign(utf8.encode(signed))
  const token = (bytes: Uint8Array) => `${signed}.${bytesToBase64url(bytes)}`
  return isPending(signature) ? signature.then(token) : token(signature)
}

/** What {@link checkSessionToken} found: the token's claims, or why it does not let the message through. */
export type SessionTokenCheck = { claims: SessionClaims; problem?: undefined } | { problem: string }

const refused = (problem: string) => ({ problem })
const MALFORMED = 'The sessionToken is malformed.'

/** The signed part of a token (all before its last dot) and its signature's text, or `undefined` without a dot. */
function splitSigned(token: string): { signed: string; signature: string } | undefined {
  const dot = token.lastIndexOf('.')
  return dot > 0 ? { signed: token.slice(0, dot), signature: token.slice(dot + 1) } : undefined
}

/** The facts of a well-formed signed part, or `undefined`; linear in its length, bounded by {@link MAX_SESSION_TOKEN_LENGTH}. */
function factsOf(signed: string): TokenFacts | undefined {
  const [version, id, expiry, serial, ...rest] = signed.split('.')
  if (version !== VERSION || rest.length || !DIGITS.test(id!) || !DIGITS.test(expiry!) || !BASE64URL.test(serial!)) return undefined
  try {
    return { id: id!, expiresAt: Number(expiry), serialNumber: strictUtf8.decode(fromBase64url(serial!)) }
  } catch {
    // base64url of the wrong length, or bytes that are not UTF-8: malformed.
  }
  return undefined
}

/** The claims of a token with these `facts` for session `sessionId` at `now`, or why it does not let the message in. */
function claimsOf({ id, expiresAt, serialNumber }: TokenFacts, sessionId: number, now: number): SessionTokenCheck {
  if (id !== String(sessionId)) return refused('The sessionToken is for another chat session.')
  if (expiresAt <= now) return refused('The sessionToken has expired: start a new chat session.')
  return { claims: { sessionId, serialNumber, expiresAt } }
}

/**
 * Whether `token` (the message body's `sessionToken`, any value) lets a message into chat session `sessionId` at
 * `now`: a string, well formed, for this session, not expired (valid while `now < expiresAt`), and signed with
 * `key`. Everything but the signature is checked first, without any crypto; the signature is checked by
 * `key.verify` (constant time), never by comparing strings, once per token and key; later messages with the same
 * token compare its signature with the verified one's bytes, also in constant time (see {@link verifiedFacts}).
 * The verdict itself, unless a signature is checked by a `key` that verifies asynchronously (Web Crypto).
 *
 * @example
 * const { claims, problem } = await checkSessionToken(key, body.sessionToken, body.sessionID)
 * if (problem) return refusal(403, problem, version)
 */
export function checkSessionToken(key: TokenKey, token: unknown, sessionId: number, now = Date.now()): SessionTokenCheck | Promise<SessionTokenCheck> {
  if (typeof token !== 'string') return refused('The message needs the sessionToken string that came with its chat session.')
  const parts = token.length > MAX_SESSION_TOKEN_LENGTH ? undefined : splitSigned(token)
  if (!parts) return refused(MALFORMED)
  const { signed, signature } = parts
  const known = verifiedFacts(key, signed, signature)
  if (known) return claimsOf(known, sessionId, now)
  const facts = SIGNATURE.test(signature) ? factsOf(signed) : undefined
  if (!facts) return refused(MALFORMED)
  const check = claimsOf(facts, sessionId, now)
  if (check.problem) return check
  const verdict = (valid: boolean): SessionTokenCheck => {
    if (!valid) return refused('The sessionToken was not issued here.')
    rememberVerified(key, signed, signature, facts)
    return check
  }
  const valid = key.verify(utf8.encode(signed), fromBase64url(signature))
  return isPending(valid) ? valid.then(verdict) : verdict(valid)
}
