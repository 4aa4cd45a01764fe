// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import { HotTaskProvider, useChatSession } from '../../src/react'
import { createHotTaskHandler, toNodeHandler } from '../../src/server'
import { fakeUpstream, serve, successBody } from './loopback'
import { API_KEY } from './secret'

/** Vitest's jsdom environment exposes the JSDOM instance as a global. */
declare const jsdom: { reconfigure(settings: { url: string }): void }

const SERIAL = '3254a9d0-chatbot'
const stops: Array<() => Promise<void>> = []
afterEach(async () => {
  cleanup()
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

function StartChat() {
  const chat = useChatSession(SERIAL)
  return (
    <div>
      <button onClick={() => chat.mutate()}>Start chat</button>
      {chat.data && <p>Session {chat.data.sessionId}</p>}
      {chat.error && <p role="alert">{chat.error.kind}: {chat.error.message}</p>}
    </div>
  )
}

/** The page of a visitor: the provider in proxy mode, and a click on "Start chat". */
async function startChatOnPage() {
  render(
    <HotTaskProvider config={{ baseUrl: '/api/hottask' }}>
      <StartChat />
    </HotTaskProvider>,
  )
  await act(async () => screen.getByRole('button', { name: 'Start chat' }).click())
}

it('useChatSession in proxy mode → the handler on loopback → HotTask: the key stays on the server', async () => {
  const upstream = await fakeUpstream(() => ({ body: successBody(987654) }))
  stops.push(upstream.close)
  const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: [SERIAL], baseUrl: upstream.url })
  const browserRequests: Request[] = []
  const app = await serve(
    toNodeHandler((request) => {
      browserRequests.push(request.clone())
      return handler(request)
    }),
  )
  stops.push(app.close)
  // The page is served from the app's origin, so the relative '/api/hottask' reaches the handler.
  jsdom.reconfigure({ url: `${app.url}/chat-page` })

  await startChatOnPage()
  // Real sockets on a loaded machine can take longer than testing-library's 1 s default.
  await waitFor(() => expect(screen.getByText('Session 987654')).toBeTruthy(), { timeout: 10_000 })

  expect(browserRequests).toHaveLength(1)
  const [fromBrowser] = browserRequests
  expect(new URL(fromBrowser!.url).pathname).toBe('/api/hottask/chat/Chatbot/GetSession')
  expect(fromBrowser!.headers.get('authorization')).toBeNull()
  expect([...fromBrowser!.headers].flat().join(' ')).not.toContain(API_KEY)
  expect(await fromBrowser!.text()).toBe(JSON.stringify({ serialNumber: SERIAL }))

  expect(upstream.requests).toHaveLength(1)
  expect(upstream.requests[0]!.headers.authorization).toBe(API_KEY)
  expect(upstream.requests[0]!.body).toBe(JSON.stringify({ serialNumber: SERIAL }))
  expect(document.body.innerHTML).not.toContain(API_KEY)
}, 30_000)

it('a chatbot outside the allow-list reaches the hook as an http 403 error, and HotTask is never called', async () => {
  const upstream = await fakeUpstream()
  stops.push(upstream.close)
  const handler = createHotTaskHandler({ apiKey: API_KEY, allowedSerialNumbers: ['another-bot'], baseUrl: upstream.url })
  const app = await serve(toNodeHandler(handler))
  stops.push(app.close)
  jsdom.reconfigure({ url: `${app.url}/chat-page` })

  await startChatOnPage()
  const alert = await screen.findByRole('alert', {}, { timeout: 10_000 })
  expect(alert.textContent).toContain('http: HotTask replied with HTTP 403: This chatbot is not served here.')
  expect(upstream.requests).toHaveLength(0)
}, 30_000)
