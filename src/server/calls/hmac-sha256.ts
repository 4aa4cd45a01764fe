import type * as NodeCrypto from 'node:crypto'
import { configError } from '../../core/errors'

/**
 * An HMAC-SHA256 key that session tokens are signed and checked with. Its bytes stay inside: nothing here reads
 * them back. On `node:crypto` both calls answer at once; on Web Crypto they answer with a promise.
 *
 * @example
 * const signature = await key.sign(utf8.encode(signed))
 * if (!(await key.verify(utf8.encode(signed), signature))) return refused('The sessionToken was not issued here.')
 */
export interface TokenKey {
  /** The 32-byte signature of `data`. */
  sign(data: Uint8Array<ArrayBuffer>): Uint8Array | Promise<Uint8Array>
  /** Whether `signature` is `data`'s, compared in constant time (never with `===`). */
  verify(data: Uint8Array<ArrayBuffer>, signature: Uint8Array<ArrayBuffer>): boolean | Promise<boolean>
  /** Whether two signatures are the same bytes, compared in constant time: a token against one verified before. */
  equal(a: Uint8Array, b: Uint8Array): boolean
}

/**
 * HMAC-SHA256 as one runtime computes it: makes a {@link TokenKey} from a key's bytes. Both kinds give the same
 * bytes, so a token signed by one verifies on the other.
 *
 * @example
 * const key = await hmacSha256()(utf8.encode(sessionSecret))
 */
export type HmacSha256 = (keyBytes: Uint8Array<ArrayBuffer>) => TokenKey | Promise<TokenKey>

const SIGNATURE_BYTES = 32

/**
 * HMAC-SHA256 with `node:crypto`: `createHmac` signs on the calling thread (a few µs for a token), where
 * `crypto.subtle.sign` is a thread-pool job of about 58 µs on Node 20; `timingSafeEqual` compares.
 *
 * @example
 * const hmac = nodeHmacSha256(process.getBuiltinModule('node:crypto'))
 */
export function nodeHmacSha256(crypto: typeof NodeCrypto): HmacSha256 {
  return (keyBytes) => {
    const secret = crypto.createSecretKey(keyBytes)
    const sign = (data: Uint8Array) => crypto.createHmac('sha256', secret).update(data).digest()
    // timingSafeEqual throws on different lengths; a length says nothing of the key.
    const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && crypto.timingSafeEqual(a, b)
    return { sign, verify: (data, signature) => signature.length === SIGNATURE_BYTES && equal(sign(data), signature), equal }
  }
}

const HMAC = { name: 'HMAC', hash: 'SHA-256' } as const

/** Web Crypto has no compare of its own: every byte is looked at, whatever the first difference. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let index = 0; index < a.length; index++) difference |= a[index]! ^ b[index]!
  return difference === 0
}

/**
 * HMAC-SHA256 with Web Crypto (Workers, the Edge runtime, Deno, Bun, browsers): a non-extractable `CryptoKey`,
 * `subtle.verify` compares (and a constant-time byte loop, two signatures). `crypto.subtle` is looked up at call time, as `fetch` is; a config error without it.
 *
 * @example
 * const hmac = webHmacSha256()
 */
export function webHmacSha256(): HmacSha256 {
  return async (keyBytes) => {
    const subtle = globalThis.crypto?.subtle
    if (!subtle) throw configError('session tokens are signed with node:crypto or Web Crypto (globalThis.crypto.subtle), and this runtime has neither.')
    const key = await subtle.importKey('raw', keyBytes, HMAC, false, ['sign', 'verify'])
    return {
      sign: async (data) => new Uint8Array(await subtle.sign('HMAC', key, data)),
      verify: (data, signature) => subtle.verify('HMAC', key, signature, data),
      equal: constantTimeEqual,
    }
  }
}

/**
 * `node:crypto` where the runtime gives it synchronously (`process.getBuiltinModule`: Node 20.16+, Bun, Deno),
 * else Web Crypto.
 *
 * @example
 * const keyring = sessionKeyring(options.sessionSecret, runtimeHmacSha256())
 */
export function runtimeHmacSha256(): HmacSha256 {
  const crypto = globalThis.process?.getBuiltinModule?.('node:crypto') as typeof NodeCrypto | undefined
  return typeof crypto?.createHmac === 'function' ? nodeHmacSha256(crypto) : webHmacSha256()
}
