import { chatWidget, messageRoute, sessionRoute } from './chat-widget'
import { canaryKey, expect, test } from './fixtures'
import { allowedSerialNumbers, refusedSerialNumber } from './run-values'

// The browser's client calls the example's route handler (react-hottask/server), which adds the key.
const [allowedSerialNumber] = allowedSerialNumbers

test('the page loads with the chat for the first allowed chatbot, and spends nothing until the visitor writes; the HTML and scripts hold no key', async ({ page, upstream, browserResponses }) => {
  const calls = await upstream.callsDuring(async () => {
    const response = await page.goto('/')
    expect(response?.status()).toBe(200)
    const html = (await response?.text()) ?? ''
    expect(html).toContain('Your message')
    expect(html.includes(canaryKey), 'the key is not in the HTML').toBe(false)
    const chat = chatWidget(page)
    await expect(page.getByRole('heading', { name: 'Chat with us' })).toBeVisible()
    await expect(chat.messageBox).toBeEditable()
  })
  // No session before the first message: a visitor who never types costs no credits.
  expect(calls).toEqual([])
  // The page fixture checks every response for the key; here, the page and the scripts that run the chat.
  const scripts = (await browserResponses.read()).filter(({ url }) => new URL(url).pathname.endsWith('.js'))
  expect(scripts.length).toBeGreaterThan(0)
})

test('a serial number off the allow-list is refused with a 403, and nothing goes upstream', async ({ page, upstream }) => {
  await page.goto('/')
  let status = 0
  const calls = await upstream.callsDuring(async () => {
    status = await page.evaluate(async ({ path, serialNumber }) => {
      const reply = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ serialNumber }) })
      await reply.text() // until the body is read, Chromium never reports the response finished
      return reply.status
    }, { path: sessionRoute, serialNumber: refusedSerialNumber })
  })
  expect(status).toBe(403)
  expect(calls).toEqual([])
})

test('an Authorization header sent by the browser is replaced by the server key, for a session and for a message', async ({ page, upstream }) => {
  await page.goto('/')
  const forgedKey = 'sk-forged-by-the-browser'
  let statuses: number[] = []
  const calls = await upstream.callsDuring(async () => {
    statuses = await page.evaluate(
      async ({ sessionPath, messagePath, serialNumber, key }) => {
        const post = (path: string, body: object) =>
          fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: key }, body: JSON.stringify(body) })
        const session = await post(sessionPath, { serialNumber })
        const { Data } = (await session.json()) as { Data: { SessionID: number; SessionToken: string } }
        const message = await post(messagePath, { sessionID: Data.SessionID, content: 'Whose key is this?', sessionToken: Data.SessionToken })
        await message.text()
        return [session.status, message.status]
      },
      { sessionPath: sessionRoute, messagePath: messageRoute, serialNumber: allowedSerialNumber, key: forgedKey },
    )
  })
  expect(statuses).toEqual([200, 200])
  expect(calls.map(({ path, authorization }) => ({ path, authorization }))).toEqual([
    { path: '/chat/Chatbot/GetSession', authorization: canaryKey },
    { path: '/chat/Chat/ClientAsk', authorization: canaryKey },
  ])
})
