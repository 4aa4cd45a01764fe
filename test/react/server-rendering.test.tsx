// @vitest-environment node
import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { HotTaskProvider, type HotTaskProviderConfig } from '../../src/react/provider'
import { useChatSession } from '../../src/react/use-chat-session'
import { SECRET } from '../support/replies'

function StartChat() {
  const chat = useChatSession('bot-1')
  return <button disabled={chat.isPending}>{chat.isIdle ? 'Start chat' : chat.status}</button>
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
})
