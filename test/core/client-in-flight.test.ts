import { describe, expect, it } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { deferred, envelope, jsonReply, scriptedFetch } from '../support/replies'

/** A fetch whose replies the test releases one by one; each reply carries a new SessionID. */
function gatedFetch() {
  const gates: ReturnType<typeof deferred<void>>[] = []
  let id = 0
  const scripted = scriptedFetch(async (request) => {
    const gate = deferred<void>()
    gates.push(gate)
    await Promise.race([gate.promise, new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)))])
    return jsonReply(envelope({ Data: { SessionID: ++id } }))
  })
  const releaseAll = () => gates.splice(0).forEach((gate) => gate.resolve())
  return { ...scripted, releaseAll }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('shareInFlight', () => {
  it('is off by default: two visitors never receive one session', async () => {
    const { fetch, requests, releaseAll } = gatedFetch()
    const client = createHotTaskClient({ fetch })
    const calls = [client.createChatSession('a'), client.createChatSession('a')]
    await tick()
    releaseAll()
    const [first, second] = await Promise.all(calls)
    expect(requests).toHaveLength(2)
    expect(first!.sessionId).not.toBe(second!.sessionId)
  })

  it('shares one attempt between concurrent calls for the same serial number', async () => {
    const { fetch, requests, releaseAll } = gatedFetch()
    const client = createHotTaskClient({ fetch, shareInFlight: true })
    const calls = [client.createChatSession('a'), client.createChatSession('a'), client.createChatSession('a')]
    await tick()
    releaseAll()
    const sessions = await Promise.all(calls)
    expect(requests).toHaveLength(1)
    expect(new Set(sessions.map((s) => s.sessionId)).size).toBe(1)
  })

  it('does not share between serial numbers', async () => {
    const { fetch, requests, releaseAll } = gatedFetch()
    const client = createHotTaskClient({ fetch, shareInFlight: true })
    const calls = [client.createChatSession('a'), client.createChatSession('b')]
    await tick()
    releaseAll()
    const [a, b] = await Promise.all(calls)
    expect(requests).toHaveLength(2)
    expect(a!.serialNumber).toBe('a')
    expect(b!.serialNumber).toBe('b')
  })

  it('starts a new attempt for a call after the shared one settled', async () => {
    const { fetch, requests } = scriptedFetch(jsonReply(envelope({ Data: { SessionID: 1 } })), jsonReply(envelope({ Data: { SessionID: 2 } })))
    const client = createHotTaskClient({ fetch, shareInFlight: true })
    expect((await client.createChatSession('a')).sessionId).toBe(1)
    expect((await client.createChatSession('a')).sessionId).toBe(2)
    expect(requests).toHaveLength(2)
  })

  it('callers that shared a failed attempt retry together, so their retry is shared too', async () => {
    let attempts = 0
    // Each reply takes a few milliseconds, as over a network, so the second caller's retry finds the first's in flight.
    const { fetch, requests } = scriptedFetch(async () => {
      const attempt = ++attempts
      await new Promise((resolve) => setTimeout(resolve, 10))
      return attempt === 1 ? new Response('', { status: 503 }) : jsonReply(envelope({ Data: { SessionID: attempt } }))
    })
    const client = createHotTaskClient({ fetch, shareInFlight: true })
    const sessions = await Promise.all([client.createChatSession('a'), client.createChatSession('a')])
    expect(requests).toHaveLength(2)
    expect(sessions.map((s) => s.sessionId)).toEqual([2, 2])
  })

  it("rejects only the aborting caller's promise; the others still get the session", async () => {
    const { fetch, requests, releaseAll } = gatedFetch()
    const client = createHotTaskClient({ fetch, shareInFlight: true })
    const leaving = new AbortController()
    const left = client.createChatSession('a', { signal: leaving.signal })
    const stays = client.createChatSession('a')
    await tick()
    leaving.abort()
    await expect(left).rejects.toMatchObject({ kind: 'aborted' })
    expect(requests[0]!.signal.aborted).toBe(false)
    releaseAll()
    await expect(stays).resolves.toMatchObject({ sessionId: 1 })
    expect(requests).toHaveLength(1)
  })

  it('cancels the shared attempt only when every caller has aborted, and a later call starts afresh', async () => {
    const { fetch, requests, releaseAll } = gatedFetch()
    const client = createHotTaskClient({ fetch, shareInFlight: true })
    const one = new AbortController()
    const two = new AbortController()
    const calls = [client.createChatSession('a', { signal: one.signal }), client.createChatSession('a', { signal: two.signal })]
    await tick()
    one.abort()
    expect(requests[0]!.signal.aborted).toBe(false)
    two.abort()
    expect(requests[0]!.signal.aborted).toBe(true)
    await Promise.all(calls.map((call) => expect(call).rejects.toMatchObject({ kind: 'aborted' })))
    const later = client.createChatSession('a')
    await tick()
    releaseAll()
    await expect(later).resolves.toMatchObject({ sessionId: 1 })
    expect(requests).toHaveLength(2)
  })

  it('a call after an abandoned attempt starts a new one, which later calls share even once the abandoned one has ended', async () => {
    const { fetch, requests, releaseAll } = gatedFetch()
    const client = createHotTaskClient({ fetch, shareInFlight: true })
    const leaving = new AbortController()
    const left = client.createChatSession('a', { signal: leaving.signal })
    await tick()
    leaving.abort()
    const second = client.createChatSession('a')
    await expect(left).rejects.toMatchObject({ kind: 'aborted' })
    await tick()
    expect(requests[0]!.signal.aborted).toBe(true)
    const third = client.createChatSession('a')
    await tick()
    releaseAll()
    const sessions = await Promise.all([second, third])
    expect(requests).toHaveLength(2)
    expect(sessions[0]).toEqual(sessions[1])
  })

  it("cancels the fetch with the caller's abort reason", async () => {
    const signals: AbortSignal[] = []
    const fetch = ((_: RequestInfo | URL, init?: RequestInit) => {
      signals.push(init!.signal!)
      return new Promise<Response>(() => {})
    }) as typeof globalThis.fetch
    const reason = new Error('visitor closed the chat')
    for (const shareInFlight of [true, false]) {
      const controller = new AbortController()
      const call = createHotTaskClient({ fetch, shareInFlight }).createChatSession('a', { signal: controller.signal })
      await tick()
      controller.abort(reason)
      await expect(call).rejects.toMatchObject({ kind: 'aborted', cause: reason })
    }
    expect(signals.map((signal) => signal.reason)).toEqual([reason, reason])
  })
})
