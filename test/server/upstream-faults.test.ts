import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHotTaskHandler, toNodeHandler, type HotTaskHandlerOptions, type RepeatedFailures } from '../../src/server'
import { serve, post, successBody } from './loopback'
import { messageFor, messageRequest, ORIGIN, replyEnvelope, SERIAL, SESSION_PATH, tokenFor } from './messages/conversation'
import { httpReply, rawUpstream, type RawRequest } from './raw-upstream'
import { sessionRequest } from './requests'
import { API_KEY } from './secret'

// What production does to the handler's calls to HotTask (DESIGN.md, "Faults"), against a real upstream on loopback:
// each call reaches HotTask at most once, whatever the transport, and ends by its deadline with its socket closed.

const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

const SESSION_ID = 1001

/** The two calls: where each goes upstream, what a visitor sends, and HotTask's good reply to it. */
const calls = [
  { call: 'session', upstreamPath: '/chat/Chatbot/GetSession', deadline: 'timeoutMs', good: () => successBody(SESSION_ID) },
  { call: 'message', upstreamPath: '/chat/Chat/ClientAsk', deadline: 'messageTimeoutMs', good: () => JSON.stringify(replyEnvelope()) },
] as const

type Call = (typeof calls)[number]['call']
type Answer = { status: number; body: { Code: number; Message: string } }

const visitorRequest = async (call: Call) =>
  call === 'session' ? sessionRequest(SERIAL, ORIGIN + SESSION_PATH) : messageRequest(messageFor({ sessionId: SESSION_ID, sessionToken: await tokenFor(SESSION_ID) }))

/**
 * The ways the handler reaches HotTask: toNodeHandler over node:http, toNodeHandler with the fetch option, the
 * Fetch handler on Node (node:http, as a Next.js route handler runs it), the Fetch handler with the fetch option.
 */
const transports = [
  {
    transport: "toNodeHandler's node:http",
    reusesConnections: true,
    async start(options: HotTaskHandlerOptions) {
      const app = await serve(toNodeHandler(createHotTaskHandler(options)))
      stops.push(app.close)
      return async (call: Call): Promise<Answer> => {
        const request = await visitorRequest(call)
        const { status, body } = await post(app.url + new URL(request.url).pathname, await request.text())
        return { status, body: JSON.parse(body) }
      }
    },
  },
  {
    transport: 'toNodeHandler with the fetch option',
    reusesConnections: false,
    async start(options: HotTaskHandlerOptions) {
      const app = await serve(toNodeHandler(createHotTaskHandler({ ...options, fetch: (input, init) => fetch(input, init) })))
      stops.push(app.close)
      return async (call: Call): Promise<Answer> => {
        const request = await visitorRequest(call)
        const { status, body } = await post(app.url + new URL(request.url).pathname, await request.text())
        return { status, body: JSON.parse(body) }
      }
    },
  },
  ...[
    { transport: "the Fetch handler on Node's node:http", reusesConnections: true, fetch: undefined },
    { transport: 'the Fetch handler with the fetch option', reusesConnections: false, fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) },
  ].map(({ transport, reusesConnections, fetch }) => ({
    transport,
    reusesConnections,
    async start(options: HotTaskHandlerOptions) {
      const handler = createHotTaskHandler({ ...options, fetch })
      return async (call: Call): Promise<Answer> => {
        const response = await handler(await visitorRequest(call))
        return { status: response.status, body: await response.json() }
      }
    },
  })),
]

describe.each(transports)('$transport', ({ start, reusesConnections }) => {
  describe.each(calls)('a $call', ({ call, upstreamPath, deadline, good }) => {
    /**
     * A raw HotTask that answers the first request well and `fault`s every later one. Our node:http agent sends the
     * second on the connection the first opened; whether the global fetch (undici) does depends on when it takes
     * the connection back, so for it the fault may come on a new connection: still one that read the request.
     */
    async function setup(fault: (request: RawRequest) => void, options: Partial<HotTaskHandlerOptions> = {}) {
      let answered = 0
      const upstream = await rawUpstream((request) => (answered++ === 0 ? request.socket.write(httpReply(200, good())) : fault(request)))
      stops.push(upstream.close)
      const onError = vi.fn()
      const send = await start({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError, ...options })
      const sentUpstream = () => upstream.requests.filter((request) => request.path === upstreamPath)
      // The first call opens the connection the faulty one reuses.
      expect((await send(call)).status).toBe(200)
      return { upstream, send, onError, sentUpstream }
    }

    it('HotTask resets a reused kept-alive connection after reading the request, before answering: 502, sent once, onError told', async () => {
      const { send, onError, sentUpstream } = await setup((request) => request.socket.resetAndDestroy())
      const { status, body } = await send(call)
      expect(status).toBe(502)
      expect(body.Message).toBe('Could not reach HotTask.')
      expect(sentUpstream()).toHaveLength(2)
      if (reusesConnections) expect(sentUpstream()[1]!.nth).toBe(2)
      expect(onError).toHaveBeenCalledOnce()
      expect(onError.mock.calls[0]![0]).toBeInstanceOf(Error)
    })

    it('HotTask resets the connection in the middle of its reply: 502, sent once, onError told', async () => {
      const { send, onError, sentUpstream } = await setup((request) => {
        request.socket.write(httpReply(200, good().slice(0, 10), 'application/json', good().length), () => request.socket.resetAndDestroy())
      })
      const { status, body } = await send(call)
      expect(status).toBe(502)
      expect(body.Message).toBe("HotTask's reply could not be read or relayed.")
      expect(sentUpstream()).toHaveLength(2)
      expect(onError).toHaveBeenCalledOnce()
    })

    it(`HotTask never answers: 504 at ${deadline}, the connection closed, sent once, onError told of the timeout`, async () => {
      let stalled: RawRequest | undefined
      const { upstream, send, onError, sentUpstream } = await setup((request) => void (stalled = request), { [deadline]: 300 })
      const { status, body } = await send(call)
      expect(status).toBe(504)
      expect(body.Message).toBe('HotTask did not reply within 300 ms.')
      await upstream.closedOf(stalled!.socket)
      expect(sentUpstream()).toHaveLength(2)
      expect(onError).toHaveBeenCalledOnce()
      expect((onError.mock.calls[0]![0] as Error).message).toBe('HotTask did not reply within 300 ms. The call was cancelled and its connection closed.')
      // What the transport said of the cancelled call.
      expect((onError.mock.calls[0]![0] as Error).cause).toBeInstanceOf(Error)
    })

    const notEnvelopes = [
      ['an HTML page', 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
      ['malformed JSON', 'application/json', '{"Data":{"SessionID":1001},"Success":tru'],
      ['a body over 64 KiB', 'application/json', JSON.stringify({ Data: 'x'.repeat(64 * 1024), Version: '1.0.0', Success: true, Code: 200, Message: '' })],
    ] as const
    it.each(notEnvelopes)('HotTask answers 200 with %s: 502, sent once, onError told what came back', async (_, type, page) => {
      const { send, onError, sentUpstream } = await setup((request) => request.socket.write(httpReply(200, page, type)))
      const { status, body } = await send(call)
      expect(status).toBe(502)
      expect(body.Message).toBe("HotTask answered with a reply that is not the API's envelope.")
      expect(sentUpstream()).toHaveLength(2)
      expect(onError).toHaveBeenCalledOnce()
      const expected =
        page.length > 64 * 1024
          ? `HotTask answered HTTP 200 (${type}, over 65536 bytes), which cannot be relayed`
          : `HotTask answered HTTP 200 (${type}, ${page.length} bytes), which cannot be relayed: ${JSON.stringify(page)}`
      expect((onError.mock.calls[0]![0] as Error).message).toBe(expected)
    })

    it("HotTask's load balancer answers 503 with an HTML page: 503 in the handler's envelope, sent once, onError told what came back", async () => {
      const page = '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>'
      const head = `HTTP/1.1 503 Service Temporarily Unavailable\r\ncontent-type: text/html\r\ncontent-length: ${page.length}\r\nretry-after: 5\r\n\r\n`
      const { send, onError, sentUpstream } = await setup((request) => request.socket.write(head + page))
      const { status, body } = await send(call)
      expect(status).toBe(503)
      expect(body).toMatchObject({ Code: 503, Message: 'HotTask replied with HTTP 503 Service Temporarily Unavailable.' })
      expect(sentUpstream()).toHaveLength(2)
      expect(onError).toHaveBeenCalledOnce()
      expect((onError.mock.calls[0]![0] as Error).message).toBe(
        `HotTask answered HTTP 503 (text/html, ${page.length} bytes), which is not the API's envelope (its status is relayed in the handler's): ${JSON.stringify(page)}`,
      )
    })
  })
})


describe("toNodeHandler's node:http, failures in a row", () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('a second HTML reply within the second is counted, and reported a second after the first with its request', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const upstream = await rawUpstream((request) => request.socket.write(httpReply(200, '<html></html>', 'text/html')))
    stops.push(upstream.close)
    const onError = vi.fn()
    const send = await transports[0]!.start({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError })
    expect((await send('session')).status).toBe(502)
    expect((await send('message')).status).toBe(502)
    expect(onError).toHaveBeenCalledOnce()
    await vi.advanceTimersByTimeAsync(1000)
    expect(onError).toHaveBeenCalledTimes(2)
    const [summary, request] = onError.mock.calls[1]! as [RepeatedFailures, Request]
    expect({ kind: summary.kind, count: summary.count }).toEqual({ kind: 'upstream-reply', count: 1 })
    expect(new URL(request.url).pathname).toBe('/api/hottask/chat/Chat/ClientAsk')
    expect(upstream.requests).toHaveLength(2)
  })
})
