import type { NodeRequestLike, NodeResponseLike } from './types'

/**
 * Calls `leave` when the visitor goes: the connection closes before the answer is written, or the upload breaks
 * off (the request stream errors; registered before any body reader's own listener, so it runs first). Returns
 * true when the visitor had gone already, before this was reached (an async middleware ran first); `leave` is
 * then not called.
 *
 * @example
 * if (watchClientGone(req, res, () => controller.abort())) controller.abort()
 */
export function watchClientGone(req: NodeRequestLike, res: NodeResponseLike, leave: () => void): boolean {
  const gone = () => res.writableFinished || leave()
  res.once('close', gone)
  req.once('error', gone)
  return res.destroyed === true || req.destroyed === true
}
