// @vitest-environment node
import { QueryClient } from '@tanstack/react-query'
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { useChat } from '../../src/react/chat/use-chat'
import { HotTaskProvider, type HotTaskProviderConfig } from '../../src/react/provider'
import { useChatSession } from '../../src/react/use-chat-session'
import { SECRET } from '../support/replies'

function StartChat() {
  const chat = useChatSession('bot-1')
  return <button disabled={chat.isPending}>{chat.isIdle ? 'Start chat' : chat.status}</button>
}

function Conversation() {
  const chat = useChat('bot-1')
  return (
    <ol data-status={chat.status}>
      {chat.messages.map((message) => (
        <li key={message.id}>{`${message.content}: ${message.status}`}</li>
      ))}
    </ol>
  )
}

// Next.js renders client components on the server first, where there is no page to resolve '/api/hottask'.
describe('server rendering (Next.js client components)', () => {
  it('renders the provider in proxy mode and an idle hook without a page location', () => {
    expect(typeof location).toBe('undefined')
    const html = renderToString(
      <HotTaskProvider config={{ baseUrl: '/api/hottask' }}>
        <StartChat />
      </HotTaskProvider>,
    )
    expect(html).toBe('<button>Start chat</button>')
  })

  it('refuses a key on the server too: the props of a provider are sent to the browser for hydration', () => {
    const render = (config: HotTaskProviderConfig) =>
      renderToString(
        <HotTaskProvider config={config}>
          <StartChat />
        </HotTaskProvider>,
      )
    expect(() => render({ apiKey: SECRET })).toThrow(/proxy mode/)
    expect(() => render({ apiKey: SECRET, dangerouslyAllowBrowser: true })).not.toThrow()
  })

  it('renders a conversation from the cache, empty or not (a message still sending there shows as failed)', () => {
    const render = (queryClient: QueryClient) =>
      renderToString(
        <HotTaskProvider config={{ baseUrl: '/api/hottask' }} queryClient={queryClient}>
          <Conversation />
        </HotTaskProvider>,
      )
    expect(render(new QueryClient())).toBe('<ol data-status="ready"></ol>')
    const queryClient = new QueryClient()
    const message = { role: 'user', createdAt: 1 }
    queryClient.setQueryData(['hottask', 'chat', 'bot-1', 'default'], {
      messages: [
        { ...message, id: 'm1', content: 'hi', status: 'sent' },
        { ...message, id: 'm2', content: 'on its way', status: 'sending' },
      ],
    })
    expect(render(queryClient)).toBe('<ol data-status="error"><li>hi: sent</li><li>on its way: failed</li></ol>')
  })
})
