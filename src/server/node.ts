import { rememberClientAddress } from './client-address'
import type { HotTaskHandler } from './handler'
import { requestFromNode } from './node-request'
import { writeResponseToNode } from './node-response'
import type { NodeRequestListener } from './node-types'
import { refusal } from './refusal'

/**
 * Serves a Fetch handler (such as {@link createHotTaskHandler}'s) to Node's `http` module or Express:
 * builds a `Request` from the Node request, streaming its body, and writes the `Response` back. The
 * request's signal aborts when the client goes away. It never throws; a failure is answered with a 500 envelope.
 *
 * @example
 * import express from 'express'
 * import { createHotTaskHandler, toNodeHandler } from 'react-hottask/server'
 * const app = express()
 * app.post('/api/hottask/*splat', toNodeHandler(createHotTaskHandler({ apiKey, allowedSerialNumbers })))
 *
 * @example
 * http.createServer(toNodeHandler(handler)).listen(3000)
 */
export function toNodeHandler(handler: HotTaskHandler): NodeRequestListener {
  return (req, res) => {
    const controller = new AbortController()
    // The visitor is gone when the connection closes before the answer is written, or breaks off mid-upload
    // (the request stream errors; registered before the body stream's own listener, so it runs first).
    const gone = () => res.writableFinished || controller.abort()
    res.once('close', gone)
    req.once('error', gone)
    const fail = (status: number, message: string) => {
      if (res.headersSent) return void res.destroy()
      void writeResponseToNode(refusal(status, message, '1.0.0'), res, req.method === 'HEAD').catch(() => res.destroy())
    }
    let request: Request
    try {
      request = requestFromNode(req, controller.signal)
      rememberClientAddress(request, req.socket)
    } catch {
      // A method the Fetch API refuses to carry (TRACE, TRACK) lands here.
      return fail(400, 'This request cannot be handled.')
    }
    handler(request)
      .then((response) => writeResponseToNode(response, res, req.method === 'HEAD'))
      .catch(() => fail(500, 'The request handler failed unexpectedly.'))
  }
}
