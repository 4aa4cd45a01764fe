import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { ChatWidget } from '../examples/nextjs/app/chat-widget'
import { hotTaskHandlers } from '../src/msw'
import { hotTaskMessages, hotTaskRequests, mockHotTask, recordHotTaskRequests, withHotTaskProvider, type ChatWidgetStoryArgs } from './hottask-story'

const DEMO_SERIAL_NUMBER = '3254a9d0-demo-chatbot'
type Canvas = ReturnType<typeof within>

// A loaded machine may need more than testing-library's default 1 s.
const SETTLED = { timeout: 10_000 }

const messageBox = (canvas: Canvas) => canvas.getByRole('textbox', { name: 'Your message' })
const conversation = (canvas: Canvas) => canvas.getByRole('list', { name: 'Conversation' })

/** Types `text` into the message box and sends it with Enter, as a visitor does. */
async function say(canvas: Canvas, text: string) {
  await userEvent.click(messageBox(canvas))
  await userEvent.type(messageBox(canvas), `${text}{Enter}`)
}

/**
 * After Send, Stop, Retry, Dismiss and New conversation the focus is in the message box: never on `<body>`, where a
 * keyboard or screen reader user would start again from the top of the page.
 */
async function focusIsInMessageBox(canvas: Canvas) {
  await waitFor(() => expect(messageBox(canvas)).toHaveFocus())
}

async function conversationShows(canvas: Canvas, text: string) {
  await waitFor(() => expect(conversation(canvas)).toHaveTextContent(text), SETTLED)
}

const meta = {
  title: 'ChatWidget',
  component: ChatWidget,
  decorators: [withHotTaskProvider],
  render: ({ serialNumber }) => <ChatWidget serialNumber={serialNumber} />,
  args: { serialNumber: DEMO_SERIAL_NUMBER, replyDelayMs: 600 },
  argTypes: {
    serialNumber: { control: 'text', description: 'The chatbot serial number passed to `useChat`.' },
    replyDelayMs: {
      control: { type: 'range', min: 0, max: 5_000, step: 100 },
      description: 'How long the mocked chatbot (msw) takes to answer, in ms.',
    },
  },
  beforeEach: recordHotTaskRequests,
  parameters: {
    // The proxy mode, as a site runs it: the page calls its own route, which holds the key.
    hotTask: { baseUrl: '/api/hottask' },
    docs: { story: { inline: false, iframeHeight: 560 } },
  },
} satisfies Meta<ChatWidgetStoryArgs>

export default meta
type Story = StoryObj<typeof meta>

/**
 * Where a newcomer starts: an empty conversation that invites the first message, the message box focused. Type a
 * message and press Enter; the built-in mock (msw) answers.
 */
export const Start: Story = {
  name: 'Start here: say hello',
  beforeEach: mockHotTask<ChatWidgetStoryArgs>(({ replyDelayMs }) => hotTaskHandlers.chatbot({ replyDelayMs })),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    // For the newcomer, who can type at once; not a check (the widget does not focus itself on load).
    messageBox(canvas).focus()
    await expect(messageBox(canvas)).toBeEnabled()
    await expect(messageBox(canvas)).toHaveValue('')
    // No messages: only the invitation, and the list is out of the tab order until there is something to scroll.
    await expect(within(conversation(canvas)).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Ask us anything: the chatbot answers here.'])
    await expect(conversation(canvas)).not.toHaveAttribute('tabindex')
    // Nothing to send yet: Send says so without leaving the tab order.
    await expect(canvas.getByRole('button', { name: 'Send' })).toHaveAttribute('aria-disabled', 'true')
    await expect(canvas.getByRole('button', { name: 'New conversation' })).toBeDisabled()
    await expect(hotTaskRequests).toHaveLength(0)
  },
}

/**
 * A conversation on the built-in mock: Enter sends, the chatbot is typing, its answer appears and is announced.
 * The session is created by the first message, and the proxy's session token goes with every message.
 */
export const Conversation: Story = {
  beforeEach: mockHotTask<ChatWidgetStoryArgs>(({ replyDelayMs }) => hotTaskHandlers.chatbot({ replyDelayMs })),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(hotTaskRequests).toHaveLength(0)
    await say(canvas, 'Hello')
    await expect(messageBox(canvas)).toHaveValue('')
    await conversationShows(canvas, 'is typing…')
    await expect(canvas.getByRole('button', { name: 'Stop' })).toBeVisible()
    await conversationShows(canvas, 'You said: Hello')
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('The chatbot replied: You said: Hello'), SETTLED)
    await expect(conversation(canvas)).not.toHaveTextContent('is typing…')
    await focusIsInMessageBox(canvas)
    // The Send button sends too, and hands the focus back to the message box.
    await userEvent.type(messageBox(canvas), 'And again')
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }))
    await focusIsInMessageBox(canvas)
    await expect(canvas.getByRole('button', { name: 'Send' })).toHaveAttribute('aria-disabled', 'true')
    await conversationShows(canvas, 'You said: And again')
    await expect(hotTaskRequests).toEqual([{ url: `${window.location.origin}/api/hottask/chat/Chatbot/GetSession`, authorization: null }])
    await waitFor(() => expect(hotTaskMessages).toHaveLength(2))
    await expect(hotTaskMessages[0]).toMatchObject({ sessionID: 123456, content: 'Hello', sessionToken: expect.any(String) })
    await expect(hotTaskMessages[1]).toMatchObject({ sessionID: 123456, content: 'And again' })
  },
}

/** Shift+Enter starts a new line instead of sending; the message keeps its line breaks. */
export const MultilineMessage: Story = {
  args: { replyDelayMs: 100 },
  beforeEach: mockHotTask<ChatWidgetStoryArgs>(({ replyDelayMs }) => hotTaskHandlers.chatbot({ replyDelayMs })),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(messageBox(canvas))
    await userEvent.type(messageBox(canvas), 'first line{Shift>}{Enter}{/Shift}second line')
    await expect(messageBox(canvas)).toHaveValue('first line\nsecond line')
    await expect(hotTaskRequests).toHaveLength(0)
    await userEvent.keyboard('{Enter}')
    await conversationShows(canvas, 'You said: first line')
    await waitFor(() => expect(hotTaskMessages[0]?.content).toBe('first line\nsecond line'), SETTLED)
  },
}

/** Messages sent while the chatbot is answering wait their turn: HotTask gets them one at a time, in order. */
export const MessagesInOrder: Story = {
  beforeEach: mockHotTask<ChatWidgetStoryArgs>(({ replyDelayMs }) => hotTaskHandlers.chatbot({ replyDelayMs })),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    for (const text of ['one', 'two', 'three']) await say(canvas, text)
    await conversationShows(canvas, 'You said: three')
    const texts = within(conversation(canvas))
      .getAllByRole('listitem')
      .map((item) => item.querySelector('p')?.textContent)
    await expect(texts).toEqual(['one', 'You said: one', 'two', 'You said: two', 'three', 'You said: three'])
    await expect(hotTaskMessages.map((message) => message.content)).toEqual(['one', 'two', 'three'])
  },
}

/** Stop while the chatbot is answering: the message is marked stopped, with a Retry button that sends it again. */
export const Stopped: Story = {
  args: { replyDelayMs: 2_000 },
  beforeEach: mockHotTask<ChatWidgetStoryArgs>(({ replyDelayMs }) => hotTaskHandlers.chatbot({ replyDelayMs })),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await say(canvas, 'Never mind')
    await conversationShows(canvas, 'is typing…')
    await userEvent.click(canvas.getByRole('button', { name: 'Stop' }))
    await conversationShows(canvas, 'Stopped before the chatbot answered.')
    await expect(canvas.queryByRole('button', { name: 'Stop' })).toBeNull()
    await focusIsInMessageBox(canvas)
    await expect(conversation(canvas)).not.toHaveTextContent('is typing…')
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }))
    await focusIsInMessageBox(canvas)
    await conversationShows(canvas, 'You said: Never mind')
    await waitFor(() => expect(hotTaskMessages.map((message) => message.content)).toEqual(['Never mind', 'Never mind']), SETTLED)
  },
}

/** HotTask fails once (HTTP 500): the message shows why, and its Retry button sends it again. Not retried by itself. */
export const FailedMessage: Story = {
  beforeEach: mockHotTask<ChatWidgetStoryArgs>(({ replyDelayMs }) => [
    hotTaskHandlers.success(),
    hotTaskHandlers.messageFailThenSucceed({ failures: 1, status: 500, delayMs: replyDelayMs }),
  ]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await say(canvas, 'Are you there?')
    await conversationShows(canvas, 'The chatbot could not answer right now. Retry in a moment.')
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Your message was not sent.'), SETTLED)
    await expect(hotTaskMessages).toHaveLength(1)
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }))
    await focusIsInMessageBox(canvas)
    await conversationShows(canvas, 'You said: Are you there?')
    await expect(canvas.queryByRole('button', { name: 'Retry' })).toBeNull()
    await expect(hotTaskMessages).toHaveLength(2)
  },
}

/** The proxy's `messageRateLimit` refuses (429, `Retry-After: 90`, past the client's 60 s cap): the widget says when to try again. */
export const RateLimited: Story = {
  beforeEach: mockHotTask<ChatWidgetStoryArgs>(({ replyDelayMs }) => [
    hotTaskHandlers.success(),
    hotTaskHandlers.messageHttpError({ status: 429, retryAfter: 90, message: 'Too many messages in this chat session', delayMs: replyDelayMs }),
  ]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await say(canvas, 'Hello?')
    await conversationShows(canvas, 'You are sending messages faster than this chat allows. Try again in 90 s.')
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeEnabled()
    await expect(hotTaskMessages).toHaveLength(1)
  },
}

/** The connection fails: the message says so and can be retried. */
export const NetworkError: Story = {
  beforeEach: mockHotTask<ChatWidgetStoryArgs>(({ replyDelayMs }) => [hotTaskHandlers.success(), hotTaskHandlers.messageNetworkError({ delayMs: replyDelayMs })]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await say(canvas, 'Hi')
    await conversationShows(canvas, 'The chat could not be reached. Check your connection, then retry.')
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeEnabled()
  },
}

/** No session can be made (the chatbot is unknown): the first message fails with the reason; nothing is sent. */
export const SessionRefused: Story = {
  beforeEach: mockHotTask<ChatWidgetStoryArgs>(() => [hotTaskHandlers.businessError({ code: 404, message: 'Chatbot not found' })]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await say(canvas, 'Hello')
    await conversationShows(canvas, 'The chatbot could not answer right now.')
    await expect(hotTaskRequests).toHaveLength(1)
    await expect(hotTaskMessages).toHaveLength(0)
  },
}

/**
 * Everything works from the keyboard: Tab to the message box, Enter sends; Shift+Tab to a failed message's Retry,
 * Enter retries and the focus goes back to the message box; Shift+Tab to the conversation (arrow keys scroll it),
 * again to New conversation, Space starts over and the focus goes back to the message box.
 */
export const KeyboardOnly: Story = {
  args: { replyDelayMs: 100 },
  beforeEach: mockHotTask<ChatWidgetStoryArgs>(({ replyDelayMs }) => [
    hotTaskHandlers.success(),
    hotTaskHandlers.messageFailThenSucceed({ failures: 1, status: 502, delayMs: replyDelayMs }),
  ]),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    // Nothing to reset yet: the first stop is the message box.
    await userEvent.tab()
    await expect(messageBox(canvas)).toHaveFocus()
    await userEvent.keyboard('Help me{Enter}')
    const retry = await canvas.findByRole('button', { name: 'Retry' }, SETTLED)
    await userEvent.tab({ shift: true })
    await waitFor(() => expect(retry).toHaveFocus())
    await userEvent.keyboard('{Enter}')
    await focusIsInMessageBox(canvas)
    await conversationShows(canvas, 'You said: Help me')
    // The conversation is a stop of its own, so that the keyboard can scroll it.
    await userEvent.tab({ shift: true })
    await expect(conversation(canvas)).toHaveFocus()
    await userEvent.tab({ shift: true })
    await expect(canvas.getByRole('button', { name: 'New conversation' })).toHaveFocus()
    await userEvent.keyboard(' ')
    await waitFor(() => expect(conversation(canvas)).toHaveTextContent('Ask us anything'), SETTLED)
    // New conversation turned itself off: the focus went on to the message box first.
    await expect(canvas.getByRole('button', { name: 'New conversation' })).toBeDisabled()
    await focusIsInMessageBox(canvas)
  },
}
