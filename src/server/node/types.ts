/**
 * The parts of Node's `http.IncomingMessage` (and so of Express's `req`) the adapter uses. Written out here
 * rather than imported from `node:http`, so this entry's types need no `@types/node` in Workers or Deno.
 *
 * @example
 * const req: NodeRequestLike = incomingMessage
 */
export interface NodeRequestLike {
  /** The request's method, `POST` for the calls the handler serves. */
  method?: string | undefined
  /** The request target: path and query, as the client sent it. */
  url?: string | undefined
  /** Set by Express: the path before a router rewrote `url`. */
  originalUrl?: string | undefined
  /** The request's headers, names in lower case. */
  headers: Record<string, string | string[] | undefined>
  /** The connection, whose `remoteAddress` is the client's TCP peer address (see `clientAddress`). */
  socket: object | null
  /** True once the body has been read to its end, e.g. by a body parser mounted before the adapter. */
  readonly readableEnded?: boolean
  /** What such a body parser made of the body (`express.json()`: the parsed value); used in place of the stream. */
  body?: unknown
  /** True once the request stream was destroyed (the connection closed). */
  readonly destroyed?: boolean
  /** Listens to the body's chunks. */
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown
  /** Stops listening to the body's chunks. */
  removeListener(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown
  /** Listens for the body's end. */
  once(event: 'end', listener: () => void): unknown
  /** Listens for the upload breaking off. */
  once(event: 'error', listener: (error: Error) => void): unknown
  /** Stops the body's flow. */
  pause(): unknown
  /** Lets the body flow (read, or drained unread). */
  resume(): unknown
}

/**
 * The parts of Node's `http.ServerResponse` (and so of Express's `res`) the adapter uses.
 *
 * @example
 * const res: NodeResponseLike = serverResponse
 */
export interface NodeResponseLike {
  /** The status the answer is written with. */
  statusCode: number
  /** True once the status and headers were sent. */
  readonly headersSent: boolean
  /** True once the whole answer was handed to the connection. */
  readonly writableFinished: boolean
  /** True once the response was destroyed (the connection closed). */
  readonly destroyed?: boolean
  /** Sets a header of the answer. */
  setHeader(name: string, value: string | readonly string[]): unknown
  /** Writes a chunk of the body; false when the connection's buffer is full (wait for `drain`). */
  write(chunk: Uint8Array): boolean
  /** Ends the answer, with its last chunk. */
  end(chunk?: string): unknown
  /** Listens for the connection closing. */
  once(event: 'close', listener: () => void): unknown
  /** Listens for the buffer to have room again. */
  once(event: 'drain', listener: () => void): unknown
  /** Cuts the connection. */
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
