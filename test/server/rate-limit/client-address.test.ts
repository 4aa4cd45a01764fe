import { clientAddress, createHotTaskHandler, toNodeHandler, type HotTaskHandler, type RateLimitOptions } from '../../../src/server'
import { normaliseAddress, rememberClientAddress } from '../../../src/server/node/client-address'
import { countedKey } from '../../../src/server/rate-limit/counted-key'
import { fakeUpstream } from '../loopback'
import { API_KEY } from '../secret'
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'

const SERIAL = 'bot-1'
const PATH = '/api/hottask/chat/Chatbot/GetSession'
const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

/** Serves `handler` through toNodeHandler on `host` (dual-stack `::` by default) at a free port. */
async function serveNode(handler: HotTaskHandler, host = '::') {
  const server = createServer(toNodeHandler(handler))
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  return (server.address() as AddressInfo).port
}

/** POSTs a chat session request from `localAddress` to `host:port`; resolves with the status. */
function postFrom(port: number, { host = '127.0.0.1', localAddress }: { host?: string; localAddress?: string } = {}) {
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest({ host, port, path: PATH, method: 'POST', localAddress, headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(JSON.stringify({ serialNumber: SERIAL }))
  })
}

describe('clientAddress', () => {
  it.each([
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
    ['203.0.113.7', '203.0.113.7'],
    ['2001:DB8::1', '2001:db8::1'],
    ['::1', '::1'],
    ['::ffff:abcd', '::ffff:abcd'],
    ['::ffff:203.100.113.117', '203.100.113.117'],
    ['1::ffff:1.2.3.4', '1::ffff:1.2.3.4'], // a host in another network, not IPv4 written as IPv6
    ['::ffff:1.2.3.4567', '::ffff:1.2.3.4567'],
  ])('normalises %s to %s', (raw, normalised) => {
    expect(normaliseAddress(raw)).toBe(normalised)
  })

  it('is undefined for a request the Node adapter did not build (Fetch runtimes)', () => {
    expect(clientAddress(new Request('http://app.test/'))).toBeUndefined()
  })

  it('records nothing for a socket without an address', () => {
    const request = new Request('http://app.test/')
    rememberClientAddress(request, {})
    rememberClientAddress(request, null)
    rememberClientAddress(request, { remoteAddress: '' })
    expect(clientAddress(request)).toBeUndefined()
  })

  it('under toNodeHandler is the socket address, never a forwarding header; IPv4-mapped IPv6 written as IPv4', async () => {
    const seen: Array<string | undefined> = []
    const port = await serveNode(async (request) => {
      seen.push(clientAddress(request))
      return new Response('ok')
    })
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, localAddress: '127.0.0.2', headers: { 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '6.6.6.6' } }, (res) =>
        res.resume().on('end', resolve),
      )
      req.on('error', reject).end()
    })
    await new Promise<void>((resolve, reject) => httpRequest({ host: '::1', port }, (res) => res.resume().on('end', resolve)).on('error', reject).end())
    // The dual-stack socket saw ::ffff:127.0.0.2; clientAddress gives 127.0.0.2.
    expect(seen).toEqual(['127.0.0.2', '::1'])
  })

  it('is readable in authorize and in the allow-list function', async () => {
    const upstream = await fakeUpstream()
    stops.push(upstream.close)
    const seen: Array<string | undefined> = []
    const handler = createHotTaskHandler({
      apiKey: API_KEY,
      baseUrl: upstream.url,
      authorize: (request) => (seen.push(clientAddress(request)), true),
      allowedSerialNumbers: (_serial, request) => (seen.push(clientAddress(request)), clientAddress(request) !== '127.0.0.3'),
    })
    const port = await serveNode(handler, '127.0.0.1')
    expect(await postFrom(port, { localAddress: '127.0.0.2' })).toBe(200)
    expect(await postFrom(port, { localAddress: '127.0.0.3' })).toBe(403)
    expect(seen).toEqual(['127.0.0.2', '127.0.0.2', '127.0.0.3', '127.0.0.3'])
  })
})

describe('default client key, and what is counted for it', () => {
  const keyOf = (address: string) => {
    const request = new Request('http://app.test/')
    rememberClientAddress(request, { remoteAddress: address })
    return countedKey(clientAddress(request)!)
  }

  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8:0:1::', '2001:db8:0:1::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['not:an::address::', 'not:an::address::'],
    ['zz::1', 'zz::1'],
    ['dead:beef:cafe:babe:1', 'dead:beef:cafe:babe:1'],
    ['1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8:9'],
    ['1::2::3', '1::2::3'],
  ])('counts %s as %s (IPv6 by its /64 network)', (address, key) => {
    expect(keyOf(address)).toBe(key)
  })

  it.each([
    ['1::3:4:5:6:7.8.9.10', '1:0:3:4::/64'], // an embedded IPv4 address fills two groups
    ['1::4:5:6:7:8', '1:0:0:4::/64'], // '::' stands for as many zero groups as are missing, here two
    ['::ffff:203.0.113.7', '203.0.113.7'], // IPv4 written as IPv6 is that IPv4 client
    ['::FFFF:CB00:7107', '203.0.113.7'],
    ['::ffff:0:0', '0.0.0.0'],
    ['user-42', 'user-42'],
    ['203.0.113.7', '203.0.113.7'],
    // Keys that only look like IPv6 at one end, though the URL parser would find a host in them.
    ['::1]/#[', '::1]/#['],
    [']@[::1', ']@[::1'],
    ['::1]/#[::', '::1]/#[::'],
  ])('counts the clientKey %s as %s', (key, counted) => {
    expect(countedKey(key)).toBe(counted)
  })

  it('is undefined without a recorded address', () => {
    expect(clientAddress(new Request('http://app.test/'))).toBeUndefined()
  })
})

describe('rateLimit under toNodeHandler, without clientKey', () => {
  async function setup(rateLimit: RateLimitOptions = { limit: 2, windowMs: 60_000 }) {
    const upstream = await fakeUpstream()
    stops.push(upstream.close)
    const onError = vi.fn()
    const port = await serveNode(createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError, rateLimit }))
    return { port, upstream, onError }
  }

  it('limits each socket address on its own: 127.0.0.2 over its limit, 127.0.0.1 still served', async () => {
    const { port, upstream, onError } = await setup()
    const flood = []
    for (let i = 0; i < 6; i++) flood.push(await postFrom(port, { localAddress: '127.0.0.2' }))
    expect(flood).toEqual([200, 200, 429, 429, 429, 429])
    expect(await postFrom(port, { localAddress: '127.0.0.1' })).toBe(200)
    expect(upstream.requests).toHaveLength(3)
    expect(onError).not.toHaveBeenCalled()
  })

  it('counts IPv4 over an IPv6 socket (::ffff:127.0.0.2) and over an IPv4 one as one client', async () => {
    const upstream = await fakeUpstream()
    stops.push(upstream.close)
    const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, rateLimit: { limit: 2, windowMs: 60_000 } })
    const dualStack = await serveNode(handler, '::')
    const ipv4Only = await serveNode(handler, '127.0.0.1')
    expect(await postFrom(dualStack, { localAddress: '127.0.0.2' })).toBe(200)
    expect(await postFrom(ipv4Only, { localAddress: '127.0.0.2' })).toBe(200)
    expect(await postFrom(dualStack, { localAddress: '127.0.0.2' })).toBe(429)
    expect(await postFrom(ipv4Only, { localAddress: '127.0.0.2' })).toBe(429)
  })
})

describe('rateLimit without clientKey for a handler of ours wrapped in another function', () => {
  it('still counts by the socket address that toNodeHandler recorded', async () => {
    const upstream = await fakeUpstream()
    stops.push(upstream.close)
    const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, rateLimit: { limit: 1, windowMs: 60_000 } })
    const wrapped: HotTaskHandler = (request) => handler(request)
    const server = createServer(toNodeHandler(wrapped))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    stops.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))))
    const port = (server.address() as AddressInfo).port
    expect(await postFrom(port, { localAddress: '127.0.0.2' })).toBe(200)
    expect(await postFrom(port, { localAddress: '127.0.0.2' })).toBe(429)
    expect(await postFrom(port, { localAddress: '127.0.0.3' })).toBe(200)
  })
})
