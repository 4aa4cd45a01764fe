import { chatWidget, messageRoute } from './chat-widget'
import { canaryKey, expect, test } from './fixtures'
import { allowedSerialNumbers } from './run-values'

// The widget's useChat creates the session with the first message, through the route handler, which adds the
// key, checks the session token the browser sends with each message, and builds the upstream body itself.
const [serialNumber] = allowedSerialNumbers

test('a visitor types a message, Enter sends it, and the reply shows; the upstream got the body the proxy built, with the key and without the token', async ({ page, upstream, browserResponses }) => {
  await page.goto('/')
  const chat = chatWidget(page)

  const sent = page.waitForRequest((request) => request.url().endsWith(messageRoute))
  const calls = await upstream.callsDuring(async () => {
    await chat.say('Hello, bot')
    await expect(chat.messageBox).toHaveValue('')
    await expect(chat.texts).toHaveText(['Hello, bot', 'You said: Hello, bot'])
    await expect(chat.announcer).toHaveText('The chatbot replied: You said: Hello, bot')
  })

  const [session, message] = calls
  const sessionId = (session?.data as { SessionID: number } | undefined)?.SessionID
  expect(calls).toEqual([
    { method: 'POST', path: '/chat/Chatbot/GetSession', authorization: canaryKey, body: { serialNumber }, status: 200, data: { SessionID: expect.any(Number) } },
    {
      method: 'POST',
      path: '/chat/Chat/ClientAsk',
      authorization: canaryKey,
      // Exactly this: the proxy's own body, so no sessionToken (nor anything else the browser sent) went on.
      body: { sessionID: sessionId, content: 'Hello, bot', stream: false },
      status: 200,
      data: { messageid: expect.any(Number), content: 'You said: Hello, bot', totalToken: expect.any(Number) },
    },
  ])
  // …while the browser did send the route its session token, and no key.
  const request = await sent
  expect(request.postDataJSON()).toEqual({ sessionID: sessionId, content: 'Hello, bot', stream: false, sessionToken: expect.stringMatching(/^v1\./) })
  expect(await request.headerValue('authorization')).toBeNull()
  await expect(chat.texts.last()).toHaveText((message?.data as { content: string }).content)

  // The next message goes to the same session: no new one is created.
  const next = await upstream.callsDuring(async () => {
    await chat.say('And again')
    await expect(chat.texts).toHaveText(['Hello, bot', 'You said: Hello, bot', 'And again', 'You said: And again'])
  })
  expect(next.map(({ path, body }) => ({ path, body }))).toEqual([
    { path: '/chat/Chat/ClientAsk', body: { sessionID: sessionId, content: 'And again', stream: false } },
  ])

  // The key check of the page fixture read the chat's replies too, not only the page and its scripts.
  const replies = (await browserResponses.read()).filter(({ url }) => url.endsWith(messageRoute))
  expect(replies.map(({ text }) => /You said: [^"]*/.exec(text)?.[0])).toEqual(['You said: Hello, bot', 'You said: And again'])
})

test('a message the upstream fails (HTTP 500) shows why with a Retry button; Retry sends it once more and the reply shows', async ({ page, upstream }) => {
  await page.goto('/')
  const chat = chatWidget(page)

  await upstream.failNextMessage(500)
  const failed = await upstream.callsDuring(async () => {
    const refused = page.waitForResponse((response) => response.url().endsWith(messageRoute))
    await chat.say('Are you there?')
    expect((await refused).status()).toBe(500)
    await expect(chat.conversation).toContainText('The chatbot could not answer right now. Retry in a moment.')
    await expect(chat.announcer).toHaveText('Your message was not sent. The chatbot could not answer right now. Retry in a moment.')
    await expect(chat.retry).toBeVisible()
  })
  expect(failed.map(({ path, status }) => ({ path, status }))).toEqual([
    { path: '/chat/Chatbot/GetSession', status: 200 },
    { path: '/chat/Chat/ClientAsk', status: 500 },
  ])

  const retried = await upstream.callsDuring(async () => {
    await chat.retry.click()
    await expect(chat.texts).toHaveText(['Are you there?', 'You said: Are you there?'])
    await expect(chat.retry).toHaveCount(0)
  })
  // Once more, and only once: the client does not retry a 500 by itself (a message is not idempotent).
  expect(retried.map(({ path, body, status }) => ({ path, body, status }))).toEqual([{ path: '/chat/Chat/ClientAsk', body: failed[1]?.body, status: 200 }])
  await expect(chat.messageBox).toBeFocused()
})
