import { expect, test, visitorAddress } from './fixtures'
import { allowedSerialNumbers } from './run-values'

// The example's route handler has `rateLimit: { limit: 5, windowMs: 60_000, clientKey }`; the specs play the
// proxy that writes X-Real-IP, a different address per test (fixtures.ts).
const limit = 5
const routePath = '/api/hottask/chat/Chatbot/GetSession'
const [allowedSerialNumber] = allowedSerialNumbers

interface Envelope {
  Data: { SessionID: number } | null
  Success: boolean
  Code: number
}

test(`after ${limit} sessions a visitor gets a 429 with Retry-After, and the page shows the client waiting to retry`, async ({ browser, page, request, upstream }) => {
  await page.goto('/')
  const startChat = page.getByRole('button', { name: 'Start chat' })
  const routeReply = () => page.waitForResponse((response) => response.url().endsWith(routePath))

  const calls = await upstream.callsDuring(async () => {
    for (let session = 1; session <= limit; session++) {
      const reply = routeReply()
      await startChat.click()
      expect((await reply).status()).toBe(200)
      const [created] = (await upstream.calls()).slice(-1)
      await expect(page.getByTestId('allowed-session')).toHaveText(`Session ID: ${(created?.data as { SessionID: number }).SessionID}`)
    }

    const reply = routeReply()
    await startChat.click()
    const limited = await reply
    expect(limited.status()).toBe(429)
    const retryAfterSeconds = Number(await limited.headerValue('retry-after'))
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1)
    expect(retryAfterSeconds).toBeLessThanOrEqual(60)
    const retryAfterMs = Number(await limited.headerValue('retry-after-ms'))
    expect(Math.ceil(retryAfterMs / 1000)).toBe(retryAfterSeconds)

    // The window is 60 s, within the browser client's cap on Retry-After: it waits instead of failing.
    await expect(page.getByTestId('allowed-pending')).toHaveText('Retrying (attempt 2) after http 429…')
    await expect(startChat).toBeDisabled()

    // The same visitor, asking again, gets the 429 envelope.
    const visitor = (await limited.request().headerValue('x-real-ip')) ?? ''
    const again = await request.post(routePath, { headers: { 'x-real-ip': visitor }, data: { serialNumber: allowedSerialNumber } })
    expect(again.status()).toBe(429)
    expect((await again.json()) as Envelope).toMatchObject({ Data: null, Success: false, Code: 429 })
  })
  expect(calls).toHaveLength(limit)

  // The limit is per visitor: another one is served while this one waits.
  const other = await browser.newPage({ extraHTTPHeaders: { 'x-real-ip': visitorAddress() } })
  try {
    const otherCalls = await upstream.callsDuring(async () => {
      await other.goto('/')
      await other.getByRole('button', { name: 'Start chat' }).click()
      await expect(other.getByTestId('allowed-session')).toHaveText(/^Session ID: \d+$/)
    })
    expect(otherCalls.map(({ body }) => body)).toEqual([{ serialNumber: allowedSerialNumber }])
  } finally {
    await other.close()
  }
})

test('a request that did not come through the proxy (no X-Real-IP) is refused with 500, and nothing goes upstream', async ({ request, upstream }) => {
  const calls = await upstream.callsDuring(async () => {
    const reply = await request.post(routePath, { data: { serialNumber: allowedSerialNumber } })
    expect(reply.status()).toBe(500)
    expect(await reply.json()).toMatchObject({ Data: null, Success: false, Code: 500 })
  })
  expect(calls).toEqual([])
})
