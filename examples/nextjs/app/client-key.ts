/**
 * Who a visitor is, for the route's rate limit. A Next.js route handler is given a Fetch `Request` without
 * the socket's address (react-hottask's `clientAddress()` is set only under `toNodeHandler`, so here it is
 * always `undefined`), and anyone can send any header. The address must therefore come from a header that
 * whatever stands in front of the app writes, replacing one a visitor sent:
 *
 * - on Vercel (which sets `VERCEL=1`), `X-Real-IP`;
 * - behind your own proxy, the header named in `HOTTASK_CLIENT_IP_HEADER`, e.g. `x-real-ip` with nginx's
 *   `proxy_set_header X-Real-IP $remote_addr;`. A request without it did not come through the proxy: it is
 *   refused (500), never let through unlimited;
 * - otherwise (`next dev`, or `next start` with nothing in front) no header can be trusted, not even
 *   `X-Forwarded-For`, which `next start` passes on as the visitor sent it. Every visitor then counts as
 *   one client: the limit caps the whole app, which keeps the key's use bounded but lets one visitor use up
 *   everyone's sessions. Put a proxy in front to limit each visitor.
 *
 * Read per request, like the rest of the environment, so `next build` needs none of it.
 */
export function clientKey(request: Request): string | undefined {
  const header = process.env.HOTTASK_CLIENT_IP_HEADER || (process.env.VERCEL ? 'x-real-ip' : '')
  if (!header) return 'every-visitor'
  return request.headers.get(header)?.trim() || undefined
}
