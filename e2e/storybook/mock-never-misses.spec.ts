import { expect, test, type Request } from '@playwright/test'

// The stories' HotTask calls end with one of these paths, whatever their host (see stories/hottask-story.tsx).
const isHotTaskCall = (url: string) => /\/chat\/(Chatbot\/GetSession|Chat\/ClientAsk)$/.test(new URL(url).pathname)

/**
 * Storybook as a visitor uses it, in one tab: a story's own iframe.html, then the Storybook UI, another story from
 * the sidebar, and the guide page with its six examples. msw's worker unregisters itself when its last page closes,
 * which made the first requests after the second step go to the network. Every HotTask call must be answered by
 * the worker, and nothing may leave for another host than the local server.
 */
test('in one tab, from a story alone to the UI, another story and the docs page, msw answers every HotTask call and nothing leaves for another host', async ({ page, baseURL }) => {
  const local = new URL(baseURL ?? '').host
  const left: string[] = []
  const answeredByMock: string[] = []
  const context = page.context()
  // Requests that went out of the browser: a page's request the worker did not answer, or the worker's own fetch.
  context.on('requestfinished', async (request: Request) => {
    const response = await request.response()
    if (response?.fromServiceWorker() && !request.serviceWorker()) {
      if (isHotTaskCall(request.url())) answeredByMock.push(request.url())
      return
    }
    if (new URL(request.url()).host !== local) left.push(`${request.method()} ${request.url()} (${response?.status()})`)
  })
  context.on('requestfailed', (request: Request) => {
    const failure = request.failure()?.errorText ?? ''
    // A frame that navigates away cancels its pending loads: that is not a request that left.
    if (failure === 'net::ERR_ABORTED' && new URL(request.url()).host === local) return
    left.push(`${request.method()} ${request.url()} (${failure})`)
  })
  const mockErrors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('[MSW]')) mockErrors.push(message.text())
  })

  const preview = page.frameLocator('#storybook-preview-iframe')

  await test.step("a story's iframe.html, alone", async () => {
    await page.goto('/iframe.html?id=chatlauncher--success&viewMode=story')
    await expect(page.getByRole('status')).toHaveText(/Chat session 123457 is ready\./)
    // A visitor reads the story before moving on. This pause is the scenario, not a wait for something: going on at
    // once hid the miss (0 of 1 runs), while after 3 s the old setup sent the next story's calls to the network
    // (3 of 3 runs), through a worker that had unregistered itself when this page closed.
    await page.waitForTimeout(3_000)
  })
  const afterAlone = answeredByMock.length
  expect(afterAlone).toBe(2)

  await test.step('the Storybook UI on the same story, in the same tab', async () => {
    await page.goto('/?path=/story/chatlauncher--success')
    await expect(preview.getByRole('status')).toHaveText(/Chat session 123457 is ready\./)
  })
  expect(answeredByMock.length - afterAlone).toBe(2)
  const afterUi = answeredByMock.length

  await test.step('another story, from the sidebar', async () => {
    await page.locator('#chatwidget').click().catch(() => {}) // expands the group if it is collapsed
    await page.locator('#chatwidget--conversation').click()
    await expect(preview.getByRole('list', { name: 'Conversation' })).toContainText('You said: And again')
  })
  // One session and two messages.
  expect(answeredByMock.length - afterUi).toBe(3)
  const afterStory = answeredByMock.length

  await test.step('the guide page: its examples, each in its own frame', async () => {
    await page.locator('#guides-usechatsession--docs').click()
    const example = (id: string) => preview.frameLocator(`iframe[src*="id=${id}"]`).getByRole('status')
    await expect(example('chatlauncher--success')).toHaveText(/Chat session 123457 is ready\./)
    await expect(example('chatlauncher--proxy-mode')).toHaveText(/Chat session 123456 is ready\./)
    await expect(example('chatlauncher--business-error')).toContainText('Chatbot not found')
  })
  expect(answeredByMock.length - afterStory).toBeGreaterThanOrEqual(4)

  expect(left).toEqual([])
  expect(mockErrors).toEqual([])
})
