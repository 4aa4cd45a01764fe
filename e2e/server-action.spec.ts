import { canaryKey, expect, test } from './fixtures'
import { allowedSerialNumbers, refusedSerialNumber } from './run-values'

// The example's Server Action creates the session on the server with the core client (react-hottask/core).
const [, secondAllowedSerialNumber] = allowedSerialNumbers

test('the Server Action creates a session with the server key and shows only its id', async ({ page, upstream }) => {
  await page.goto('/')
  const form = page.getByRole('region', { name: 'From a Server Action' })
  const calls = await upstream.callsDuring(async () => {
    await form.getByLabel('Serial number').fill(secondAllowedSerialNumber)
    await form.getByRole('button', { name: 'Create on the server' }).click()
    await expect(page.getByTestId('server-session')).toHaveText(/^Session ID: \d+$/)
  })
  expect(calls).toEqual([
    {
      method: 'POST',
      path: '/chat/Chatbot/GetSession',
      authorization: canaryKey,
      body: { serialNumber: secondAllowedSerialNumber },
      status: 200,
      data: { SessionID: expect.any(Number) },
    },
  ])
  await expect(page.getByTestId('server-session')).toHaveText(`Session ID: ${(calls[0]?.data as { SessionID: number }).SessionID}`)
})

test('the Server Action enforces the allow-list itself: another serial number is refused and nothing goes upstream', async ({ page, upstream }) => {
  await page.goto('/')
  const form = page.getByRole('region', { name: 'From a Server Action' })
  const calls = await upstream.callsDuring(async () => {
    await form.getByLabel('Serial number').fill(refusedSerialNumber)
    await form.getByRole('button', { name: 'Create on the server' }).click()
    await expect(page.getByTestId('server-error')).toHaveText(/^Refused: /)
  })
  expect(calls).toEqual([])
})
