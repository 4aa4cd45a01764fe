import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { hotTaskHandlers } from '../src/msw'
import { ChatLauncher } from './ChatLauncher'
import { hotTaskRequests, mockHotTask, recordHotTaskRequests, STORY_API_HOST, withHotTaskProvider, type ChatLauncherStoryArgs } from './hottask-story'

const DEMO_SERIAL_NUMBER = '3254a9d0-demo-chatbot'
type Canvas = ReturnType<typeof within>

// A retrying story takes a few seconds; a loaded machine may need more than testing-library's default 1 s.
const SETTLED = { timeout: 10_000 }

/** Waits until the status region shows `text`. */
async function statusShows(canvas: Canvas, text: string) {
  await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent(text), SETTLED)
}

const meta = {
  title: 'ChatLauncher',
  component: ChatLauncher,
  decorators: [withHotTaskProvider],
  render: ({ serialNumber }) => <ChatLauncher serialNumber={serialNumber} />,
  args: { serialNumber: DEMO_SERIAL_NUMBER, delayMs: 200 },
  argTypes: {
    serialNumber: { control: 'text', description: 'The chatbot serial number passed to `useChatSession`.' },
    delayMs: {
      control: { type: 'range', min: 0, max: 5_000, step: 100 },
      description: 'Latency of the mocked HotTask API (msw), in ms.',
    },
  },
  beforeEach: recordHotTaskRequests,
  parameters: {
    // Each example on the docs page gets its own frame, hence its own msw handlers: mocks are per page.
    docs: { story: { inline: false, iframeHeight: 330 } },
  },
} satisfies Meta<ChatLauncherStoryArgs>

export default meta
type Story = StoryObj<typeof meta>

/** Nothing has happened yet: the button invites a click, the status region says what it will do. */
export const Idle: Story = {
  beforeEach: mockHotTask(({ delayMs }) => [hotTaskHandlers.success({ delayMs })]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('status')).toHaveTextContent('Press “Start chat” to talk to us.')
    await expect(canvas.getByRole('button', { name: 'Start chat' })).toBeEnabled()
  },
}

/** A click creates a session; another click creates a new one (a new `SessionID` each time). */
export const Success: Story = {
  beforeEach: mockHotTask(({ delayMs }) => [hotTaskHandlers.success({ delayMs })]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }))
    await statusShows(canvas, 'Chat session 123456 is ready.')
    await expect(canvas.getByRole('status')).toHaveTextContent('API version 1.0.0')
    await userEvent.click(canvas.getByRole('button', { name: 'Start a new chat' }))
    await statusShows(canvas, 'Chat session 123457 is ready.')
    // The browser called the provider's host without any key: keys stay on servers.
    await expect(hotTaskRequests).toEqual([
      { url: `${STORY_API_HOST}/chat/Chatbot/GetSession`, authorization: null },
      { url: `${STORY_API_HOST}/chat/Chatbot/GetSession`, authorization: null },
    ])
  },
}

/** A slow API: the button is disabled and the status says "Connecting…" until the session arrives. */
export const Slow: Story = {
  args: { delayMs: 1_500 },
  beforeEach: mockHotTask(({ delayMs }) => [hotTaskHandlers.slow({ delayMs })]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }))
    await statusShows(canvas, 'Connecting…')
    await expect(canvas.getByRole('button', { name: 'Connecting…' })).toBeDisabled()
    await statusShows(canvas, 'Chat session 123456 is ready.')
    await expect(canvas.getByRole('button', { name: 'Start a new chat' })).toBeEnabled()
  },
}

/** Two 503s, then a session: the status counts the attempts from `failureCount`, and the third one succeeds. */
export const RetryThenSuccess: Story = {
  beforeEach: mockHotTask(({ delayMs }) => [hotTaskHandlers.failThenSucceed({ failures: 2, status: 503, delayMs })]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }))
    await statusShows(canvas, 'Retrying: attempt 2 of 3')
    await expect(canvas.getByRole('status')).toHaveTextContent('HTTP 503: Service Unavailable')
    await statusShows(canvas, 'Chat session 123456 is ready.')
    await expect(hotTaskRequests).toHaveLength(3)
  },
}

/** 429 with `Retry-After: 1`: the hook waits the second the server asked for, twice, then gives up. */
export const RateLimited: Story = {
  beforeEach: mockHotTask(({ delayMs }) => [
    hotTaskHandlers.httpError({ status: 429, retryAfter: 1, message: 'Too many sessions, slow down', delayMs }),
  ]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }))
    await statusShows(canvas, 'Retrying: attempt 2 of 3')
    await expect(canvas.getByRole('status')).toHaveTextContent('The server asked us to wait 1 s.')
    await statusShows(canvas, 'Error kind http · HTTP 429')
    await expect(canvas.getByRole('status')).toHaveTextContent('HotTask replied with HTTP 429: Too many sessions, slow down.')
    await expect(canvas.getByRole('status')).toHaveTextContent('This may pass if you try again.')
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeEnabled()
    await expect(hotTaskRequests).toHaveLength(3)
  },
}

/** HTTP 200 with `Success: false`: an `api` error with the envelope's `Code` and `Message`, not retried. */
export const BusinessError: Story = {
  beforeEach: mockHotTask(({ delayMs }) => [hotTaskHandlers.businessError({ code: 404, message: 'Chatbot not found', delayMs })]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }))
    await statusShows(canvas, 'The chat service refused to open a chat')
    await expect(canvas.getByRole('status')).toHaveTextContent('Error kind api · HTTP 200 · Code 404')
    await expect(canvas.getByRole('status')).toHaveTextContent('HotTask did not create a chat session: Chatbot not found (Code 404).')
    await expect(canvas.getByRole('status')).toHaveTextContent('Trying again will not help until this is fixed.')
    await expect(hotTaskRequests).toHaveLength(1)
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(hotTaskRequests).toHaveLength(2), SETTLED)
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Try again' })).toBeEnabled(), SETTLED)
  },
}

/** 401: the proxy's key is wrong. Not retryable, so it fails at once. */
export const Unauthorized: Story = {
  beforeEach: mockHotTask(({ delayMs }) => [hotTaskHandlers.httpError({ status: 401, message: 'Invalid API key', delayMs })]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }))
    await statusShows(canvas, 'Error kind http · HTTP 401 · Code 401')
    await expect(canvas.getByRole('status')).toHaveTextContent('HotTask replied with HTTP 401: Invalid API key.')
    await expect(canvas.getByRole('status')).toHaveTextContent('Trying again will not help until this is fixed.')
    await expect(hotTaskRequests).toHaveLength(1)
  },
}

/** A persistent 503: three attempts with backoff, then the error and a "Try again" button. */
export const ServerDown: Story = {
  beforeEach: mockHotTask(({ delayMs }) => [hotTaskHandlers.httpError({ status: 503, delayMs })]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }))
    await statusShows(canvas, 'Retrying: attempt 3 of 3')
    await statusShows(canvas, 'Error kind http · HTTP 503')
    await expect(canvas.getByRole('status')).toHaveTextContent('HotTask replied with HTTP 503: Service Unavailable.')
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeEnabled()
    await expect(hotTaskRequests).toHaveLength(3)
  },
}

/** The outage ends: "Try again" after a failure creates the session. One attempt a click here (`maxRetries: 0`). */
export const TryAgainAfterOutage: Story = {
  parameters: { hotTask: { maxRetries: 0 } },
  beforeEach: mockHotTask(({ delayMs }) => [hotTaskHandlers.httpError({ status: 503, delayMs })]),
  play: async ({ canvasElement, msw, args }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }))
    await statusShows(canvas, 'Error kind http · HTTP 503')
    msw.use(hotTaskHandlers.success({ delayMs: args.delayMs }))
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }))
    await statusShows(canvas, 'Chat session 123456 is ready.')
    await expect(hotTaskRequests).toHaveLength(2)
  },
}

/** `fetch` itself fails (offline, DNS, CORS): a `network` error, retried, then reported. */
export const NetworkError: Story = {
  beforeEach: mockHotTask(({ delayMs }) => [hotTaskHandlers.networkError({ delayMs })]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }))
    await statusShows(canvas, 'Retrying: attempt 2 of 3')
    await statusShows(canvas, 'Cannot reach the chat service')
    await expect(canvas.getByRole('status')).toHaveTextContent('Error kind network')
    await expect(canvas.getByRole('status')).toHaveTextContent(`Could not reach HotTask at ${STORY_API_HOST}/chat/Chatbot/GetSession`)
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeEnabled()
  },
}

/** HTTP 200 with an HTML page, as a misconfigured proxy sends: `invalid-response`, not retried. */
export const MalformedReply: Story = {
  beforeEach: mockHotTask(({ delayMs }) => [hotTaskHandlers.malformed({ delayMs })]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }))
    await statusShows(canvas, 'The chat service sent a reply we cannot read')
    await expect(canvas.getByRole('status')).toHaveTextContent('Error kind invalid-response · HTTP 200')
    // The error quotes the start of what came back instead of the envelope.
    await expect(canvas.getByRole('status')).toHaveTextContent('<!doctype html><title>Welcome</title>')
    await expect(hotTaskRequests).toHaveLength(1)
  },
}

/** The API answers after 2 s but the provider allows 250 ms an attempt: `timeout`, retried, then reported. */
export const Timeout: Story = {
  args: { delayMs: 2_000 },
  parameters: { hotTask: { timeoutMs: 250 } },
  beforeEach: mockHotTask(({ delayMs }) => [hotTaskHandlers.slow({ delayMs })]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }))
    await statusShows(canvas, 'Retrying: attempt 2 of 3')
    await statusShows(canvas, 'The chat service took too long to answer')
    await expect(canvas.getByRole('status')).toHaveTextContent('Error kind timeout')
    await expect(canvas.getByRole('status')).toHaveTextContent('HotTask did not reply within 250 ms')
  },
}

/** A blank serial number: `invalid-input` at once, and no request leaves the page. */
export const InvalidSerialNumber: Story = {
  beforeEach: mockHotTask(({ delayMs }) => [hotTaskHandlers.success({ delayMs })]),
  args: { serialNumber: '   ' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }))
    await statusShows(canvas, 'This chatbot id is not valid')
    await expect(canvas.getByRole('status')).toHaveTextContent('Error kind invalid-input')
    await expect(canvas.getByRole('status')).toHaveTextContent('Invalid serial number: it is empty.')
    await expect(hotTaskRequests).toHaveLength(0)
  },
}

/** The recommended set-up: `baseUrl: '/api/hottask'` on your own server, which adds the key. No key in the page. */
export const ProxyMode: Story = {
  parameters: { hotTask: { baseUrl: '/api/hottask' } },
  beforeEach: mockHotTask(({ delayMs }) => [hotTaskHandlers.success({ delayMs })]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }))
    await statusShows(canvas, 'Chat session 123456 is ready.')
    await expect(hotTaskRequests).toEqual([
      { url: `${window.location.origin}/api/hottask/chat/Chatbot/GetSession`, authorization: null },
    ])
  },
}

/**
 * Your own proxy's `rateLimit` says "too many sessions from this client": a 429 with `Retry-After: 2`. The hook
 * waits the 2 s it was asked to, showing why, and the retry after the window gets the session.
 */
export const RateLimitedByProxy: Story = {
  parameters: { hotTask: { baseUrl: '/api/hottask' } },
  beforeEach: mockHotTask(({ delayMs }) => [hotTaskHandlers.failThenSucceed({ failures: 1, status: 429, retryAfter: 2, delayMs })]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }))
    await statusShows(canvas, 'Retrying: attempt 2 of 3')
    await expect(canvas.getByRole('status')).toHaveTextContent('HotTask replied with HTTP 429: Too Many Requests.')
    await expect(canvas.getByRole('status')).toHaveTextContent('The server asked us to wait 2 s.')
    await expect(canvas.getByRole('button', { name: 'Connecting…' })).toBeDisabled()
    await statusShows(canvas, 'Chat session 123456 is ready.')
    const proxyUrl = `${window.location.origin}/api/hottask/chat/Chatbot/GetSession`
    await expect(hotTaskRequests).toEqual([
      { url: proxyUrl, authorization: null },
      { url: proxyUrl, authorization: null },
    ])
  },
}
