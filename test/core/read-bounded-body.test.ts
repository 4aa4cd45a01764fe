import { describe, expect, it } from 'vitest'
import { readBoundedBody } from '../../src/core/read-bounded-body'
import { countedSignal } from '../support/counted-signal'

const text = (body: Awaited<ReturnType<typeof readBoundedBody>>) => (body.status === 'read' ? new TextDecoder().decode(body.bytes) : body.status)

// The server handler reads requests with it, often without a signal, and the client reads replies with one.
describe('readBoundedBody', () => {
  it('reads a body whose Content-Length is exactly the limit', async () => {
    const body = await readBoundedBody(new Response('12345', { headers: { 'content-length': '5' } }), 5)
    expect(text(body)).toBe('12345')
  })

  it('refuses a Content-Length over the limit without a signal', async () => {
    expect(await readBoundedBody(new Response('123456', { headers: { 'content-length': '6' } }), 5)).toEqual({ status: 'too-large' })
  })

  it('refuses a body that grows past the limit without a signal', async () => {
    expect(await readBoundedBody(new Response('123456'), 5)).toEqual({ status: 'too-large' })
  })

  it('refuses a Content-Length over the limit on a reply without a body, without failing', async () => {
    expect(await readBoundedBody(new Response(null, { headers: { 'content-length': '999' } }), 5)).toEqual({ status: 'too-large' })
  })

  it('is aborted, without failing, for a reply without a body when the signal has aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    expect(await readBoundedBody(new Response(null, { status: 204 }), 5, controller.signal)).toEqual({ status: 'aborted' })
  })

  it('cancels the body without reading it when the signal has already aborted', async () => {
    const seen = { pulled: 0, cancelled: false }
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          seen.pulled++
          controller.enqueue(new TextEncoder().encode('x'))
        },
        cancel() {
          seen.cancelled = true
        },
      },
      { highWaterMark: 0 },
    )
    const controller = new AbortController()
    controller.abort()
    expect(await readBoundedBody(new Response(stream), 5, controller.signal)).toEqual({ status: 'aborted' })
    expect(seen).toEqual({ pulled: 0, cancelled: true })
  })

  it('keeps no listener on the signal once the body is read or refused', async () => {
    const { signal, listening } = countedSignal()
    expect(text(await readBoundedBody(new Response('ok'), 5, signal))).toBe('ok')
    expect(listening.size).toBe(0)
    expect(await readBoundedBody(new Response('123456'), 5, signal)).toEqual({ status: 'too-large' })
    expect(listening.size).toBe(0)
  })
})
