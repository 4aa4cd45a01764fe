import { describe, expect, it, vi } from 'vitest'
import { createHotTaskHandler } from '../../src/server'
import { successBody } from './loopback'
import { sessionRequest } from './requests'
import { API_KEY, read } from './secret'

// The Fetch handler's view of a request (fetch-call.ts): what it relies on of a runtime's Request.

const SERIAL = 'bot-1'

function setup() {
  const upstream = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => new Response(successBody()))
  const onError = vi.fn()
  const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], fetch: upstream, onError })
  return { handler, upstream, onError }
}

describe('the Fetch handler and the request it is given', () => {
  it('serves a request that has no signal (a runtime whose incoming requests carry none)', async () => {
    const { handler, upstream, onError } = setup()
    const request = sessionRequest(SERIAL)
    Object.defineProperty(request, 'signal', { value: undefined })
    const { status, body } = await read(await handler(request))
    expect([status, body.Success]).toEqual([200, true])
    expect(upstream).toHaveBeenCalledTimes(1)
    expect(onError).not.toHaveBeenCalled()
  })

  it('stops watching the visitor once it has answered: leaving afterwards does not abort the finished HotTask call', async () => {
    const { handler, upstream } = setup()
    const visitor = new AbortController()
    const request = new Request(sessionRequest(SERIAL), { signal: visitor.signal })
    expect((await handler(request)).status).toBe(200)
    const upstreamSignal = upstream.mock.calls[0]![1]!.signal!
    visitor.abort()
    expect(request.signal.aborted).toBe(true)
    expect(upstreamSignal.aborted).toBe(false)
  })
})
