import { canaryKey, expect, test } from './fixtures'
import { allowedSerialNumbers, refusedSerialNumber } from './run-values'

// The browser's client calls the example's route handler (react-hottask/server), which adds the key.
const routePath = '/api/hottask/chat/Chatbot/GetSession'
const [allowedSerialNumber] = allowedSerialNumbers

test('the page loads and renders the launcher for the first allowed chatbot', async ({ page }) => {
  const response = await page.goto('/')
  expect(response?.status()).toBe(200)
  const html = (await response?.text()) ?? ''
  expect(html).toContain('Start chat')
  expect(html.includes(canaryKey), 'the key is not in the HTML').toBe(false)
  await expect(page.getByRole('heading', { name: `Chatbot ${allowedSerialNumber}` })).toBeVisible()
})

test('"Start chat" shows the session the upstream created; the upstream got the server key and the serial number', async ({ page, upstream }) => {
  await page.goto('/')
  const calls = await upstream.callsDuring(async () => {
    await page.getByRole('button', { name: 'Start chat' }).click()
    await expect(page.getByTestId('allowed-session')).toHaveText(/^Session ID: \d+$/)
  })
  expect(calls).toEqual([
    {
      method: 'POST',
      path: '/chat/Chatbot/GetSession',
      authorization: canaryKey,
      body: { serialNumber: allowedSerialNumber },
      status: 200,
      data: { SessionID: expect.any(Number) },
    },
  ])
  await expect(page.getByTestId('allowed-session')).toHaveText(`Session ID: ${(calls[0]?.data as { SessionID: number }).SessionID}`)
})

test('a serial number off the allow-list is refused with a 403, shown as kind http, and nothing goes upstream', async ({ page, upstream }) => {
  await page.goto('/')
  const calls = await upstream.callsDuring(async () => {
    await page.getByRole('region', { name: 'Another chatbot' }).getByLabel('Serial number').fill(refusedSerialNumber)
    const refusal = page.waitForResponse((response) => response.url().endsWith(routePath))
    await page.getByRole('button', { name: 'Try this serial number' }).click()
    expect((await refusal).status()).toBe(403)
    await expect(page.getByTestId('other-error')).toHaveText(/^Error \(http 403\): /)
  })
  expect(calls).toEqual([])
  // A refusal is final: offering to try again would only be refused again.
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0)
})

test('an Authorization header sent by the browser is replaced by the server key', async ({ page, upstream }) => {
  await page.goto('/')
  const forgedKey = 'sk-forged-by-the-browser'
  let status = 0
  const calls = await upstream.callsDuring(async () => {
    status = await page.evaluate(
      async ({ path, serialNumber, key }) => {
        const reply = await fetch(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: key },
          body: JSON.stringify({ serialNumber }),
        })
        await reply.text() // until the body is read, Chromium never reports the response finished
        return reply.status
      },
      { path: routePath, serialNumber: allowedSerialNumber, key: forgedKey },
    )
  })
  expect(status).toBe(200)
  expect(calls.map(({ authorization }) => authorization === canaryKey)).toEqual([true])
})
