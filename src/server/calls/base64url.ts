import type * as NodeBuffer from 'node:buffer'

// Node's Buffer where the runtime has it synchronously (Node 20.16+, Bun, Deno): it encodes base64url natively,
// several times faster than the portable loop below, which Workers and the Edge runtime use.
const NativeBuffer = (globalThis.process?.getBuiltinModule?.('node:buffer') as typeof NodeBuffer | undefined)?.Buffer

const utf8 = new TextEncoder()

/** The encoding without Node's Buffer: what Workers and the Edge runtime run. */
export function portableBase64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '')
}

/**
 * `bytes` in unpadded base64url (RFC 4648 §5), as session tokens write their parts.
 *
 * @example
 * bytesToBase64url(new Uint8Array([251, 255])) // '-_8'
 */
export const bytesToBase64url: (bytes: Uint8Array) => string = NativeBuffer
  ? (bytes) => NativeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
  : portableBase64url

/**
 * The UTF-8 bytes of `text` in unpadded base64url.
 *
 * @example
 * textToBase64url('3254a9d0-bench') // 'MzI1NGE5ZDAtYmVuY2g'
 */
export const textToBase64url: (text: string) => string = NativeBuffer
  ? (text) => NativeBuffer.from(text, 'utf8').toString('base64url')
  : (text) => portableBase64url(utf8.encode(text))
