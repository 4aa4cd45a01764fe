import { expect, test } from '@playwright/test'

/**
 * What `npm run storybook` shows a newcomer, at Playwright's default 1280×720 with the addons panel open: the chat
 * widget waiting for their first message, the message box and Send in view, and no "Get started" checklist.
 */
test('the first screen is the widget waiting for a message, the message box and Send in view and the width fixed', async ({ page }) => {
  await page.goto('/')
  await expect(page).toHaveURL(/path=\/story\/chatwidget--start/)
  await expect(page.getByText('Get started', { exact: true })).toHaveCount(0)

  const frame = page.frameLocator('#storybook-preview-iframe')
  const messageBox = frame.getByRole('textbox', { name: 'Your message' })
  const send = frame.getByRole('button', { name: 'Send' })
  await expect(messageBox).toBeEditable()
  await expect(messageBox).toHaveValue('')
  await expect(frame.getByRole('list', { name: 'Conversation' }).getByRole('listitem')).toHaveText(['Ask us anything: the chatbot answers here.'])

  const canvas = await page.locator('#storybook-preview-iframe').boundingBox()
  const widget = frame.getByRole('region', { name: 'Chat with us' })
  const widthBefore = (await widget.boundingBox())?.width
  for (const control of [messageBox, send]) {
    const box = await control.boundingBox()
    expect(box && canvas && box.y >= canvas.y && box.y + box.height <= canvas.y + canvas.height).toBe(true)
  }

  // An exchange later, the message box is still in view and the widget as wide as before.
  await messageBox.fill('Hello')
  await messageBox.press('Enter')
  await expect(frame.getByRole('list', { name: 'Conversation' })).toContainText('You said: Hello')
  const box = await messageBox.boundingBox()
  expect(box && canvas && box.y + box.height <= canvas.y + canvas.height).toBe(true)
  expect((await widget.boundingBox())?.width).toBe(widthBefore)
  expect(widthBefore).toBe(448) // 28rem
})
