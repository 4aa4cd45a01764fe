// Keyed by the request object itself, so the address goes wherever the request goes and is freed with it.
const addresses = new WeakMap<object, string | undefined>()

/**
 * An address as one client is known by: an IPv4 address that reached an IPv6 socket as `::ffff:1.2.3.4`
 * becomes `1.2.3.4` (one client, whichever socket family it used); IPv6 is lower-cased.
 *
 * @example
 * normaliseAddress('::FFFF:203.0.113.7') // '203.0.113.7'
 */
export function normaliseAddress(address: string): string {
  const lower = address.toLowerCase()
  const mapped = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(lower)
  return mapped ? mapped[1]! : lower
}

/**
 * The normalised TCP peer address of `socket` (see {@link normaliseAddress}), or `undefined` for a socket
 * without one (closed already).
 *
 * @example
 * socketAddress(req.socket) // '203.0.113.7'
 */
export function socketAddress(socket: object | null | undefined): string | undefined {
  const address = (socket as { remoteAddress?: unknown } | null | undefined)?.remoteAddress
  return typeof address === 'string' && address !== '' ? normaliseAddress(address) : undefined
}

/**
 * Records the TCP peer address of the socket a request came in on, for {@link clientAddress}. Called by
 * the Node adapter for each request it builds; a socket without an address (closed already) records none.
 *
 * @example
 * rememberClientAddress(request, req.socket)
 */
export function rememberClientAddress(request: object, socket: object | null | undefined): void {
  addresses.set(request, socketAddress(socket))
}

/**
 * The address of the client that sent `request`, as the TCP connection showed it (never read from a header,
 * which anyone can forge): set for requests served through {@link toNodeHandler}, with `::ffff:1.2.3.4`
 * written `1.2.3.4`. `undefined` in Fetch runtimes (Next.js, Workers, Deno, Bun), which do not hand the
 * address to the handler; there, read your platform's trustworthy header instead (see the README).
 * Behind a reverse proxy this is the proxy's address.
 *
 * Use it in your own callbacks: `authorize`, `allowedSerialNumbers`, `rateLimit.clientKey`.
 *
 * @example
 * createHotTaskHandler({
 *   apiKey, allowedSerialNumbers,
 *   authorize: (request) => clientAddress(request) !== '203.0.113.66',
 * })
 */
export function clientAddress(request: Request): string | undefined {
  return addresses.get(request)
}
