import { afterEach, describe, expect, it } from 'vitest'
import { handlerPaths } from './handler-paths'
import { serve, successBody } from './loopback'
import { API_KEY, read } from './secret'

const SERIAL = 'bot-1'
const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

const failure = JSON.stringify({ Data: null, Version: '1.0.0', Success: false, Code: 40001, Message: 'Chatbot disabled' })

describe.each(handlerPaths)('what is relayed, by HotTask\'s status ($path)', ({ createHandler }) => {
  /** The handler's answer when HotTask writes `statusLine` and `body` (by hand, so any status and reason go). */
  async function answerTo(statusLine: string, body: string) {
    const upstream = await serve((_, res) => {
      res.socket!.end(`HTTP/1.1 ${statusLine}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`)
    })
    stops.push(upstream.close)
    const handler = createHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url, onError: () => {} })
    const request = new Request('http://app.test/chat/Chatbot/GetSession', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serialNumber: SERIAL }) })
    return read(await handler(request))
  }

  it('an envelope with any 2xx but 204/205 is relayed with its status (299 too)', async () => {
    const { status, body } = await answerTo('299 Odd', successBody(5))
    expect(status).toBe(299)
    expect(body.Data).toEqual({ SessionID: 5, SessionToken: expect.stringMatching(/^v1\.5\./) })
  })

  it.each(['300 Multiple Choices', '399 Odd'])('an envelope with %s is a 502 naming the status', async (line) => {
    const { status, body } = await answerTo(line, successBody())
    expect(status).toBe(502)
    expect(body.Message).toBe(`HotTask answered with an unexpected HTTP ${line.split(' ')[0]}.`)
  })

  it.each([
    ['600 Odd', successBody()],
    ['600 Odd', 'oops'],
    ['999 Odd', failure],
  ])('a status past 599 (%s) is a 502 naming the status, envelope or not', async (line, reply) => {
    const { status, body } = await answerTo(line, reply)
    expect(status).toBe(502)
    expect(body.Message).toBe(`HotTask answered with an unexpected HTTP ${line.split(' ')[0]}.`)
  })

  it('a 2xx without an envelope is a 502 that says so', async () => {
    const { status, body } = await answerTo('200 OK', '<html>hello</html>')
    expect(status).toBe(502)
    expect(body.Message).toBe("HotTask answered with a reply that is not the API's envelope.")
  })

  it.each([
    ['400 Bad Request', 'HotTask replied with HTTP 400 Bad Request.'],
    ['503 ', 'HotTask replied with HTTP 503.'],
    ['599 Odd', 'HotTask replied with HTTP 599 Odd.'],
  ])('an error status %j without an envelope is relayed with that status, in an envelope', async (line, message) => {
    const status = Number(line.split(' ')[0])
    const { status: answered, body } = await answerTo(line, 'oops')
    expect(answered).toBe(status)
    expect(body).toEqual({ Data: null, Version: '1.0.0', Success: false, Code: status, Message: message })
  })

  it('an error status with an envelope is relayed as it is', async () => {
    const { status, body } = await answerTo('403 Forbidden', failure)
    expect(status).toBe(403)
    expect(body).toEqual(JSON.parse(failure))
  })
})
