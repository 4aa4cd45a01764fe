import type { Response } from '@playwright/test'
import { chatWidget, messageRoute, sessionRoute } from './chat-widget'
import { expect, test, visitorAddress } from './fixtures'
import { allowedSerialNumbers, messageRateLimit } from './run-values'

// The example's route handler has `rateLimit: { limit: 5, windowMs: 60_000, clientKey }` on sessions; the specs
// play the proxy that writes X-Real-IP, a different address per test (fixtures.ts). Its `messageRateLimit` comes
// from HOTTASK_MESSAGE_RATE_LIMIT, which the config sets to `messageRateLimit`.
const sessionLimit = 5
const [allowedSerialNumber] = allowedSerialNumbers

interface Envelope {
  Data: { SessionID: number } | null
  Success: boolean
  Code: number
}

/** The whole seconds of a 429's `Retry-After`, checked against its `retry-after-ms`. */
async function retryAfterSecondsOf(response: Response): Promise<number> {
  expect(response.status()).toBe(429)
  const seconds = Number(await response.headerValue('retry-after'))
  expect(Number.isInteger(seconds) && seconds >= 1, `Retry-After: ${seconds}`).toBe(true)
  expect(Math.ceil(Number(await response.headerValue('retry-after-ms')) / 1000)).toBe(seconds)
  return seconds
}

test(`after ${sessionLimit} conversations a visitor's next session gets a 429 with Retry-After, and the chat waits to send the message instead of failing it`, async ({ browser, page, request, upstream }) => {
  await page.goto('/')
  const chat = chatWidget(page)
  const sessionReply = () => page.waitForResponse((response) => response.url().endsWith(sessionRoute))

  const calls = await upstream.callsDuring(async () => {
    for (let conversation = 1; conversation <= sessionLimit; conversation++) {
      const reply = sessionReply()
      await chat.say(`Hello ${conversation}`)
      expect((await reply).status()).toBe(200)
      await expect(chat.texts).toHaveText([`Hello ${conversation}`, `You said: Hello ${conversation}`])
      // A new conversation starts with a new session.
      await chat.newConversation.click()
      await expect(chat.texts).toHaveCount(0)
    }

    const reply = sessionReply()
    await chat.say('One conversation too many')
    const limited = await reply
    expect(await retryAfterSecondsOf(limited)).toBeLessThanOrEqual(60)

    // The window is 60 s, within the browser client's cap on Retry-After: it waits to try again, so the message
    // stays "Sending…", with no failure and no Retry button.
    await expect(chat.conversation.getByRole('listitem').filter({ hasText: 'One conversation too many' })).toContainText('Sending…')
    await expect(chat.retry).toHaveCount(0)

    // The same visitor, asking again, gets the 429 envelope.
    const visitor = (await limited.request().headerValue('x-real-ip')) ?? ''
    const again = await request.post(sessionRoute, { headers: { 'x-real-ip': visitor }, data: { serialNumber: allowedSerialNumber } })
    expect(again.status()).toBe(429)
    expect((await again.json()) as Envelope).toMatchObject({ Data: null, Success: false, Code: 429 })
  })
  expect(calls.map(({ path }) => path)).toEqual(Array.from({ length: sessionLimit }, () => ['/chat/Chatbot/GetSession', '/chat/Chat/ClientAsk']).flat())

  // The limit is per visitor: another one is served while this one waits.
  const other = await browser.newPage({ extraHTTPHeaders: { 'x-real-ip': visitorAddress() } })
  try {
    const otherCalls = await upstream.callsDuring(async () => {
      await other.goto('/')
      const otherChat = chatWidget(other)
      await otherChat.say('Hi')
      await expect(otherChat.texts).toHaveText(['Hi', 'You said: Hi'])
    })
    expect(otherCalls.map(({ path, body }) => ({ path, body }))).toEqual([
      { path: '/chat/Chatbot/GetSession', body: { serialNumber: allowedSerialNumber } },
      { path: '/chat/Chat/ClientAsk', body: expect.objectContaining({ content: 'Hi' }) },
    ])
  } finally {
    await other.close()
  }
})

test('a request that did not come through the proxy (no X-Real-IP) is refused with 500, and nothing goes upstream', async ({ request, upstream }) => {
  const calls = await upstream.callsDuring(async () => {
    const reply = await request.post(sessionRoute, { data: { serialNumber: allowedSerialNumber } })
    expect(reply.status()).toBe(500)
    expect(await reply.json()).toMatchObject({ Data: null, Success: false, Code: 500 })
  })
  expect(calls).toEqual([])
})

const { messages, seconds } = messageRateLimit

test(`a message past messageRateLimit (${messages} per session per ${seconds} s) is refused with a 429: the widget says when to try again, and nothing more reached the upstream`, async ({ page, upstream }) => {
  await page.goto('/')
  const chat = chatWidget(page)
  const sentToRoute: string[] = []
  page.on('request', (request) => {
    if (request.url().endsWith(messageRoute)) sentToRoute.push((request.postDataJSON() as { content: string }).content)
  })

  const calls = await upstream.callsDuring(async () => {
    for (let message = 1; message <= messages; message++) {
      await chat.say(`Message ${message}`)
      await expect(chat.texts.last()).toHaveText(`You said: Message ${message}`)
    }

    const reply = page.waitForResponse((response) => response.url().endsWith(messageRoute))
    await chat.say('One message too many')
    // Past the client's 60 s cap on Retry-After, so it does not wait: the message fails at once, saying when.
    const retryAfterSeconds = await retryAfterSecondsOf(await reply)
    expect(retryAfterSeconds).toBeGreaterThan(60)
    expect(retryAfterSeconds).toBeLessThanOrEqual(seconds)
    const problem = `You are sending messages faster than this chat allows. Try again in ${retryAfterSeconds} s.`
    await expect(chat.conversation.getByRole('listitem').filter({ hasText: 'One message too many' })).toContainText(problem)
    await expect(chat.announcer).toHaveText(`Your message was not sent. ${problem}`)
    await expect(chat.retry).toBeVisible()
  })

  const sent = Array.from({ length: messages }, (_, index) => `Message ${index + 1}`)
  expect(sentToRoute).toEqual([...sent, 'One message too many'])
  expect(calls.map(({ path, body }) => ({ path, content: (body as { content?: string }).content }))).toEqual([
    { path: '/chat/Chatbot/GetSession', content: undefined },
    ...sent.map((content) => ({ path: '/chat/Chat/ClientAsk', content })),
  ])
})
