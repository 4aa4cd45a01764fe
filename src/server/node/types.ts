/**
 * The parts of Node's `http.IncomingMessage` (and so of Express's `req`) the adapter uses. Written out here
 * rather than imported from `node:http`, so this entry's types need no `@types/node` in Workers or Deno.
 *
 * @example
 * const req: NodeRequestLike = incomingMessage
 */
export interface NodeRequestLike {
  method?: string | undefined
  url?: string | undefined
  /** Set by Express: the path before a router rewrote `url`. */
  originalUrl?: string | undefined
  headers: Record<string, string | string[] | undefined>
  socket: object | null
  /** True once the body has been read to its end, e.g. by a body parser mounted before the adapter. */
  readonly readableEnded?: boolean
  /** What such a body parser made of the body (`express.json()`: the parsed value); used in place of the stream. */
  body?: unknown
  /** True once the request stream was destroyed (the connection closed). */
  readonly destroyed?: boolean
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown
  removeListener(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown
  once(event: 'end', listener: () => void): unknown
  once(event: 'error', listener: (error: Error) => void): unknown
  pause(): unknown
  resume(): unknown
}

/**
 * The parts of Node's `http.ServerResponse` (and so of Express's `res`) the adapter uses.
 *
 * @example
 * const res: NodeResponseLike = serverResponse
 */
export interface NodeResponseLike {
  statusCode: number
  readonly headersSent: boolean
  readonly writableFinished: boolean
  /** True once the response was destroyed (the connection closed). */
  readonly destroyed?: boolean
  setHeader(name: string, value: string | readonly string[]): unknown
  write(chunk: Uint8Array): boolean
  end(chunk?: string): unknown
  once(event: 'close', listener: () => void): unknown
  once(event: 'drain', listener: () => void): unknown
  destroy(): unknown
}

/**
 * A Node `http` (or Express, Connect) request listener.
 *
 * @example
 * const listener: NodeRequestListener = toNodeHandler(handler)
 * http.createServer(listener)
 */
export type NodeRequestListener = (req: NodeRequestLike, res: NodeResponseLike) => void
