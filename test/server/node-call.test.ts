import { nodeCall } from '../../src/server/node/node-call'
import type { NodeRequestLike, NodeResponseLike } from '../../src/server/node/types'
import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'

type FakeReq = EventEmitter & NodeRequestLike & { readableEnded: boolean; destroyed: boolean }

function fakeReq(fields: Partial<NodeRequestLike> = {}): FakeReq {
  return Object.assign(new EventEmitter(), {
    method: 'POST',
    url: '/api/hottask/chat/Chatbot/GetSession',
    headers: { host: 'app.test' },
    socket: null,
    readableEnded: false,
    destroyed: false,
    pause: vi.fn(),
    resume: vi.fn(),
    ...fields,
  }) as unknown as FakeReq
}

function fakeRes(): EventEmitter & NodeResponseLike {
  return Object.assign(new EventEmitter(), { statusCode: 200, headersSent: false, writableFinished: false, destroyed: false }) as unknown as EventEmitter &
    NodeResponseLike
}

describe('nodeCall', () => {
  it("gives the path as the URL parser does: dot segments, escapes, backslashes and non-ASCII included, without query or fragment", () => {
    for (const url of [
      '/api/hottask/chat/Chatbot/GetSession',
      '/api/hottask/chat/Chatbot/GetSession?a=1#x',
      '/a/./b/../chat/Chatbot/GetSession',
      '/x/../chat/Chatbot/GetSession',
      '/a/%2e%2e/chat/Chatbot/GetSession',
      '/a/%2E/b',
      '/a\\b/chat/Chatbot/GetSession',
      '/é/chat',
      '/é',
      '/ ',
      '/"',
      '/..',
      '/a b',
      '/a"b<c>',
      '/a?/../b',
      '/',
    ]) {
      expect(nodeCall(fakeReq({ url }), fakeRes()).pathname(), url).toBe(new URL(url, 'http://app.test').pathname)
    }
  })

  it("gives '' (no path it serves) for a target no URL can be made of, such as '//', with or without a Host", () => {
    expect(nodeCall(fakeReq({ url: '//' }), fakeRes()).pathname()).toBe('')
    expect(nodeCall(fakeReq({ url: '//', headers: {} }), fakeRes()).pathname()).toBe('')
    expect(nodeCall(fakeReq({ url: '//x/chat/Chatbot/GetSession' }), fakeRes()).pathname()).toBe('/chat/Chatbot/GetSession')
  })

  it('reads a plain path, with or without a query, without building a URL (the fast path stays fast)', () => {
    const urls = vi.spyOn(globalThis, 'URL')
    expect(nodeCall(fakeReq({ url: '/api/hottask/chat/Chatbot/GetSession' }), fakeRes()).pathname()).toBe('/api/hottask/chat/Chatbot/GetSession')
    expect(nodeCall(fakeReq({ url: "/api/a-b_c~!$&'()*+,;=:@/chat/Chat/ClientAsk?a=1#x" }), fakeRes()).pathname()).toBe("/api/a-b_c~!$&'()*+,;=:@/chat/Chat/ClientAsk")
    expect(urls).not.toHaveBeenCalled()
    nodeCall(fakeReq({ url: '/a/../chat/Chat/ClientAsk' }), fakeRes()).pathname()
    expect(urls).toHaveBeenCalled()
  })

  it('is a GET when Node gives no method', () => {
    expect(nodeCall(fakeReq({ method: undefined }), fakeRes()).method).toBe('GET')
  })

  it('has a null content type when there is none, and joins repeated ones', () => {
    expect(nodeCall(fakeReq(), fakeRes()).contentType()).toBeNull()
    expect(nodeCall(fakeReq({ headers: { 'content-type': ['application/json', 'text/plain'] } }), fakeRes()).contentType()).toBe('application/json, text/plain')
  })

  it('reads the body to its end, and stops listening for data once done', async () => {
    const req = fakeReq()
    const reading = nodeCall(req, fakeRes()).readBody(10, 10_000)
    req.emit('data', new Uint8Array([1, 2]))
    req.emit('data', 'ab')
    req.emit('end')
    await expect(reading).resolves.toEqual({ status: 'read', bytes: Buffer.from([1, 2, 97, 98]) })
    expect(req.listenerCount('data')).toBe(0)
  })

  it('reads a body of exactly the limit that Content-Length announces', async () => {
    const req = fakeReq({ headers: { 'content-length': '4' } })
    const reading = nodeCall(req, fakeRes()).readBody(4, 10_000)
    req.emit('data', new Uint8Array(4))
    req.emit('end')
    await expect(reading).resolves.toEqual({ status: 'read', bytes: Buffer.alloc(4) })
  })

  it('is too large past the limit, and drops the rest of the body unkept', async () => {
    const req = fakeReq()
    const reading = nodeCall(req, fakeRes()).readBody(4, 10_000)
    req.emit('data', new Uint8Array(5))
    await expect(reading).resolves.toEqual({ status: 'too-large' })
    expect(req.listenerCount('data')).toBe(0)
    expect(req.resume).toHaveBeenCalled()
  })

  it('reads what a body parser that ran first left, up to the limit', async () => {
    const req = fakeReq({ readableEnded: true, body: 'abcd' } as Partial<NodeRequestLike>)
    await expect(nodeCall(req, fakeRes()).readBody(4, 10_000)).resolves.toEqual({ status: 'read', bytes: new TextEncoder().encode('abcd') })
  })

  it('is too large when a body parser that ran first left more than the limit', async () => {
    const req = fakeReq({ readableEnded: true, body: 'x'.repeat(5) } as Partial<NodeRequestLike>)
    await expect(nodeCall(req, fakeRes()).readBody(4, 10_000)).resolves.toEqual({ status: 'too-large' })
  })

  it('rejects the read when the visitor goes while the body arrives, and when the visitor went before', async () => {
    const message = 'The client went away before its request body arrived.'
    const req = fakeReq()
    const res = fakeRes()
    const reading = nodeCall(req, res).readBody(10, 10_000)
    res.emit('close')
    await expect(reading).rejects.toThrow(new Error(message))

    const gone = fakeReq({ destroyed: true } as Partial<NodeRequestLike>)
    await expect(nodeCall(gone, fakeRes()).readBody(10, 10_000)).rejects.toThrow(new Error(message))
  })

  it('tells each listener once that the visitor went, and not one that stopped listening', () => {
    const req = fakeReq()
    const res = fakeRes()
    const call = nodeCall(req, res)
    const listening = vi.fn()
    const stopped = vi.fn()
    call.onGone(listening)
    call.onGone(stopped)()
    res.emit('close')
    req.on('error', () => {}) // as Node's own stream does not throw it
    req.emit('error', new Error('upload broke off'))
    expect(listening).toHaveBeenCalledOnce()
    expect(stopped).not.toHaveBeenCalled()
    expect(call.isGone()).toBe(true)
  })

  it("gives an aborted Request's signal for a visitor who went before it was asked for", () => {
    const res = fakeRes()
    const call = nodeCall(fakeReq({ method: 'GET' }), res)
    res.emit('close')
    expect(call.request().signal.aborted).toBe(true)
  })
})
