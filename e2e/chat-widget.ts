import type { Page } from '@playwright/test'

/** The routes the example's browser client calls: its route handler, at the two paths of HotTask's calls. */
export const sessionRoute = '/api/hottask/chat/Chatbot/GetSession'
export const messageRoute = '/api/hottask/chat/Chat/ClientAsk'

/** The example's chat widget (app/chat-widget.tsx) on `page`, found by the names a visitor and a screen reader see. */
export function chatWidget(page: Page) {
  const widget = page.getByRole('region', { name: 'Chat with us' })
  const messageBox = widget.getByRole('textbox', { name: 'Your message' })
  const conversation = widget.getByRole('list', { name: 'Conversation' })
  return {
    messageBox,
    conversation,
    /** The text of each message in the conversation, oldest first (the visitor's and the chatbot's). */
    texts: conversation.getByRole('paragraph'),
    /** The live region that announces answers and failures. */
    announcer: widget.getByRole('status'),
    retry: widget.getByRole('button', { name: 'Retry' }),
    newConversation: widget.getByRole('button', { name: 'New conversation' }),
    /** Types `text` into the message box key by key and sends it with Enter, as a visitor does. */
    async say(text: string) {
      await messageBox.click()
      await messageBox.pressSequentially(text)
      await messageBox.press('Enter')
    },
  }
}
