import { expect } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import type { HotTaskError } from '../../src/core/errors'
import type { HotTaskEnvelope } from '../../src/core/envelope'

export const SECRET = 'sk-test-0123456789abcdef'

/** A HotTask envelope with success defaults, overridable field by field. */
export function envelope(overrides: Partial<HotTaskEnvelope> = {}): HotTaskEnvelope {
  return { Data: { SessionID: 123456 }, Version: '1.0.0', Success: true, Code: 200, Message: '', ...overrides }
}

export function jsonReply(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), { ...init, headers: { 'content-type': 'application/json', ...init.headers } })
}

type Reply = Response | Error | ((request: Request) => Response | Promise<Response>)

/**
 * A `fetch` that answers with `replies` in order (the last one repeats) and records each request.
 * An `Error` reply rejects, as `fetch` does when the network fails.
 */
export function scriptedFetch(...replies: Reply[]) {
  const requests: Request[] = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    requests.push(request)
    const reply = replies.length > 1 ? replies.shift()! : replies[0]!
    if (reply instanceof Error) throw reply
    if (typeof reply === 'function') return reply(request)
    return reply.clone()
  }
  return { fetch: fetch as typeof globalThis.fetch, requests }
}

/** A `fetch` that never answers until its signal aborts, like a server that hangs. */
export function hangingFetch() {
  const requests: Request[] = []
  const fetch = (input: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((_, reject) => {
      requests.push(new Request(input, init))
      init?.signal?.addEventListener('abort', () => reject(init.signal!.reason))
    })
  return { fetch: fetch as typeof globalThis.fetch, requests }
}

/** A promise with its resolve function outside, to let a test decide when a reply arrives. */
export function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

/** The `HotTaskError` of one attempt (no retries) by a client with the key {@link SECRET} that calls `fetch`. */
export function failureWith(fetch: typeof globalThis.fetch): Promise<HotTaskError> {
  return createHotTaskClient({ apiKey: SECRET, fetch, maxRetries: 0 })
    .createChatSession('a')
    .then(
      () => expect.fail('expected the call to fail'),
      (error: HotTaskError) => error,
    )
}
