import type * as NodeBuffer from 'node:buffer'

const utf8 = new TextEncoder()

function portableBase64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '')
}

/** Unpadded base64url (RFC 4648 §5), as session tokens write their parts. */
export interface Base64urlEncoders {
  /** `bytes` in base64url. */
  bytesToBase64url(bytes: Uint8Array): string
  /** The UTF-8 bytes of `text` in base64url. */
  textToBase64url(text: string): string
}

/**
 * The encoders on Node's `Buffer` when one is given (it encodes base64url natively, several times faster), else a
 * portable loop over `btoa`, as on Workers and the Edge runtime. Both give the same text.
 *
 * @example
 * base64urlEncoders(undefined).textToBase64url('3254a9d0-bench') // 'MzI1NGE5ZDAtYmVuY2g'
 */
export function base64urlEncoders(nativeBuffer: typeof NodeBuffer.Buffer | undefined): Base64urlEncoders {
  if (!nativeBuffer) return { bytesToBase64url: portableBase64url, textToBase64url: (text) => portableBase64url(utf8.encode(text)) }
  return {
    bytesToBase64url: (bytes) => nativeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url'),
    textToBase64url: (text) => nativeBuffer.from(text, 'utf8').toString('base64url'),
  }
}

/**
 * This runtime's encoders: on Node's `Buffer` where the runtime has it synchronously (Node 20.16+, Bun, Deno), else
 * portable.
 *
 * @example
 * const { textToBase64url } = runtimeBase64url
 */
export const runtimeBase64url: Base64urlEncoders = base64urlEncoders(
  (globalThis.process?.getBuiltinModule?.('node:buffer') as typeof NodeBuffer | undefined)?.Buffer,
)
