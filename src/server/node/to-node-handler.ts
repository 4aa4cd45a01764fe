import { answerCall } from '../answer-call'
import { isEnvelopeAnswer, refusal, type Answer } from '../checks/refusal'
import { optionsOfHandler, type HotTaskHandler } from '../handler'
import type { ResolvedHandlerOptions } from '../options'
import { upstreamsOf } from '../relay/upstream'
import { rememberClientAddress } from './client-address'
import { watchClientGone } from './client-gone'
import { defaultTransport } from './default-transport'
import { nodeCall } from './node-call'
import { requestFromNode } from './request'
import { writeResponseToNode } from './response'
import type { NodeRequestListener, NodeResponseLike } from './types'

/** Writes an answer to `res`: the handler's own envelope directly, an `authorize` callback's `Response` as it streams. */
function writeAnswer(answer: Answer, res: NodeResponseLike, headOnly: boolean): Promise<void> | void {
  if (!isEnvelopeAnswer(answer)) return writeResponseToNode(answer, res, headOnly)
  res.statusCode = answer.status
  for (const name in answer.headers) res.setHeader(name, answer.headers[name]!)
  res.end(headOnly ? undefined : answer.body)
}

/** Answers with a 500 envelope when writing the real answer failed, or cuts the connection if that began. */
function failed(res: NodeResponseLike, headOnly: boolean, message: string, status = 500, version = '1.0.0'): void {
  // Stryker disable next-line ConditionalExpression: without it writeAnswer's setHeader throws ERR_HTTP_HEADERS_SENT and the catch below destroys the connection all the same
  if (res.headersSent) return void res.destroy()
  try {
    writeAnswer(refusal(status, message, version), res, headOnly)
  // Stryker disable next-line BlockStatement: reached only when the headers were sent, which the line above takes first
  } catch {
    res.destroy()
  }
}

/** {@link createHotTaskHandler}'s checks run on Node's `req`/`res`, with HotTask over `node:http(s)` on Node. */
function fastPath(options: ResolvedHandlerOptions): NodeRequestListener {
  const upstreams = upstreamsOf(defaultTransport(options.fetch), options.baseUrl)
  return (req, res) => {
    // A HEAD request here is always answered by an envelope (405, before any callback), and Node's response sends
    // no body to a HEAD request even when given one; headOnly only saves passing the body along.
    // Stryker disable next-line ConditionalExpression,StringLiteral: see above
    const headOnly = req.method === 'HEAD'
    answerCall(options, nodeCall(req, res), upstreams)
      .then((answer) => writeAnswer(answer, res, headOnly))
      .catch(() => failed(res, headOnly, 'The request handler failed unexpectedly.', 500, options.version))
  }
}

/** Any other Fetch handler: a `Request` built from `req`, its body streamed, the `Response` written back. */
function fetchAdapter(handler: HotTaskHandler): NodeRequestListener {
  return (req, res) => {
    const headOnly = req.method === 'HEAD'
    const controller = new AbortController()
    if (watchClientGone(req, res, () => controller.abort())) controller.abort()
    let request: Request
    try {
      request = requestFromNode(req, controller.signal)
      rememberClientAddress(request, req.socket)
    } catch {
      // A method the Fetch API refuses to carry (TRACE, TRACK) lands here.
      return failed(res, headOnly, 'This request cannot be handled.', 400)
    }
    handler(request)
      .then((response) => writeResponseToNode(response, res, headOnly))
      .catch(() => failed(res, headOnly, 'The request handler failed unexpectedly.'))
  }
}

/**
 * Serves a Fetch handler to Node's `http` module or Express. A handler made by {@link createHotTaskHandler}
 * runs on a fast path: its checks read Node's request directly (a Fetch `Request` is built only when a callback
 * of yours needs one) and, on Node itself, HotTask is called through `node:http(s)` with a keep-alive agent,
 * unless you passed the `fetch` option; status, headers and envelope are the same as the Fetch handler's. Any other Fetch handler
 * gets a `Request` built from the Node request, its body streamed, and its `Response` written back. Either way
 * the request's signal aborts when the client goes away, and it never throws: a failure is a 500 envelope.
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
  const options = optionsOfHandler(handler)
  return options ? fastPath(options) : fetchAdapter(handler)
}
