import { createServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

/** One request as a {@link rawUpstream} read it off its connection. */
export interface RawRequest {
  path: string
  body: string
  /** Which request this is on its connection: 1 for the first, 2 for one sent on a reused (kept-alive) connection. */
  nth: number
  socket: Socket
}

const HEAD_END = '\r\n\r\n'

/** The bytes of an HTTP/1.1 reply that keeps its connection open. */
export const httpReply = (status: number, body: string, contentType = 'application/json', declaredLength = Buffer.byteLength(body)) =>
  `HTTP/1.1 ${status} OK\r\ncontent-type: ${contentType}\r\ncontent-length: ${declaredLength}\r\nconnection: keep-alive\r\n\r\n${body}`

/**
 * A fake HotTask on 127.0.0.1 over raw TCP, so a test controls every byte and every reset: it reads each request
 * (with its Content-Length body) off its connection, records it, and lets `answer` write, reset or stall.
 */
export async function rawUpstream(answer: (request: RawRequest) => void) {
  const requests: RawRequest[] = []
  const sockets = new Set<Socket>()
  const closed: Socket[] = []
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    socket.once('close', () => closed.push(socket))
    let buffered = Buffer.alloc(0)
    let nth = 0
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk])
      for (;;) {
        const headEnd = buffered.indexOf(HEAD_END)
        if (headEnd < 0) return
        const head = buffered.subarray(0, headEnd).toString('latin1')
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0)
        const end = headEnd + HEAD_END.length + length
        if (buffered.length < end) return
        const request = { path: head.split(' ')[1]!, body: buffered.subarray(headEnd + HEAD_END.length, end).toString(), nth: ++nth, socket }
        buffered = buffered.subarray(end)
        requests.push(request)
        answer(request)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    /** Every request read, in order. */
    requests,
    /** Resolves once `socket` has closed (at once if it has). */
    closedOf: (socket: Socket) => new Promise<void>((resolve) => (closed.includes(socket) ? resolve() : socket.once('close', () => resolve()))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
