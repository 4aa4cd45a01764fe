/** `text` with every occurrence of `secret` (the API key) replaced by `[redacted]`. */
export function redact(text: string, secret: string): string {
  return text.split(secret).join('[redacted]')
}
