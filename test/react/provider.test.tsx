import { onlineManager, QueryClient, QueryClientProvider, useMutationState, useQueryClient } from '@tanstack/react-query'
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react'
import { Component, useState, type ReactNode } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import { hotTaskHandlers } from '../../src/msw'
import { HotTaskProvider, type HotTaskProviderConfig } from '../../src/react/provider'
import { useChatSession } from '../../src/react/use-chat-session'
import { useHotTaskClient } from '../../src/react/use-hottask-client'
import { SECRET } from '../support/replies'
import { server } from '../support/msw-server'

function renderError(ui: ReactNode): unknown {
  let thrown: unknown
  class Boundary extends Component<{ children: ReactNode }, { error?: unknown }> {
    override state: { error?: unknown } = {}
    static getDerivedStateFromError(error: unknown) {
      thrown = error
      return { error }
    }
    override render() {
      return this.state.error ? null : this.props.children
    }
  }
  // React logs a render error (and React 18 also reports it to the window): expected here, so kept quiet.
  const original = console.error
  const quiet = (event: ErrorEvent) => event.preventDefault()
  console.error = () => {}
  window.addEventListener('error', quiet)
  try {
    render(<Boundary>{ui}</Boundary>)
  } finally {
    console.error = original
    window.removeEventListener('error', quiet)
  }
  return thrown
}

/** A HotTaskProvider with its own `queryClient` (`own`) inside the app's QueryClientProvider (`app`). */
const ownClientUnder =
  (app: QueryClient, own: QueryClient) =>
  ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={app}>
      <HotTaskProvider config={{}} queryClient={own}>
        {children}
      </HotTaskProvider>
    </QueryClientProvider>
  )

describe('HotTaskProvider', () => {
  it('is required: the hooks throw at render, naming HotTaskProvider', () => {
    for (const [name, Hook] of [
      ['useChatSession', () => useChatSession('a')],
      ['useHotTaskClient', () => useHotTaskClient()],
    ] as const) {
      const Consumer = () => {
        Hook()
        return null
      }
      const error = renderError(<Consumer />)
      expect(error).toMatchObject({ kind: 'config' })
      expect((error as Error).message).toMatch(new RegExp(`^HotTask config: ${name}\\(\\) must be called inside <HotTaskProvider>`))
    }
  })

  it('refuses a secret key in the browser at render, pointing to the proxy mode', () => {
    const error = renderError(<HotTaskProvider config={{ apiKey: SECRET }}>child</HotTaskProvider>)
    expect(error).toMatchObject({ kind: 'config' })
    expect((error as Error).message).toMatch(/proxy mode/)
    expect((error as Error).message).not.toContain(SECRET)
  })

  it('accepts the key with dangerouslyAllowBrowser', () => {
    render(
      <HotTaskProvider config={{ apiKey: SECRET, dangerouslyAllowBrowser: true }}>
        <p>ready</p>
      </HotTaskProvider>,
    )
    expect(screen.getByText('ready')).toBeTruthy()
  })

  it('refuses an Authorization header to another origin at render, like apiKey', () => {
    for (const headers of [{ Authorization: SECRET }, [['authorization', SECRET]] as [string, string][], new Headers({ authorization: SECRET })]) {
      const error = renderError(<HotTaskProvider config={{ baseUrl: 'https://usapi.hottask.com', headers }}>child</HotTaskProvider>)
      expect(error).toMatchObject({ kind: 'config' })
      expect((error as Error).message).toMatch(/Authorization header.*proxy mode/)
      expect((error as Error).message).not.toContain(SECRET)
    }
  })

  it('refuses that header in a server render too (its props reach the browser), and accepts your own token for the proxy', () => {
    vi.stubGlobal('window', undefined)
    const html = (config: HotTaskProviderConfig) => renderToString(<HotTaskProvider config={config}>ok</HotTaskProvider>)
    expect(() => html({ baseUrl: 'https://usapi.hottask.com', headers: { authorization: SECRET } })).toThrow(/Authorization header/)
    expect(html({ baseUrl: 'https://usapi.hottask.com', headers: { authorization: SECRET }, dangerouslyAllowBrowser: true })).toBe('ok')
    expect(html({ baseUrl: '/api/hottask', headers: { authorization: 'Bearer user' } })).toBe('ok')
  })

  describe('QueryClient', () => {
    function MutationCount({ serial }: { serial: string }) {
      const chat = useChatSession(serial)
      const states = useMutationState({ filters: { mutationKey: ['hottask', 'chat-session', serial] } })
      return (
        <button onClick={() => chat.mutate()}>
          {chat.data?.sessionId ?? 'none'} / {states.length}
        </button>
      )
    }

    it("uses the app's QueryClientProvider when there is one", async () => {
      server.use(hotTaskHandlers.success({ sessionId: 5 }))
      const app = new QueryClient()
      render(
        <QueryClientProvider client={app}>
          <HotTaskProvider config={{}}>
            <MutationCount serial="a" />
          </HotTaskProvider>
        </QueryClientProvider>,
      )
      act(() => screen.getByRole('button').click())
      await waitFor(() => expect(screen.getByRole('button').textContent).toBe('5 / 1'))
      expect(app.getMutationCache().getAll()).toHaveLength(1)
    })

    it('uses the queryClient prop over the app one', async () => {
      server.use(hotTaskHandlers.success({ sessionId: 6 }))
      const app = new QueryClient()
      const own = new QueryClient()
      const { result } = renderHook(() => useChatSession('a'), {
        wrapper: ownClientUnder(app, own),
      })
      act(() => result.current.mutate())
      await waitFor(() => expect(result.current.data?.sessionId).toBe(6))
      expect(own.getMutationCache().getAll()).toHaveLength(1)
      expect(app.getMutationCache().getAll()).toHaveLength(0)
    })

    it("leaves the app's own hooks on the app's QueryClient when given a queryClient prop", () => {
      const app = new QueryClient()
      const own = new QueryClient()
      const { result } = renderHook(() => useQueryClient(), {
        wrapper: ownClientUnder(app, own),
      })
      expect(result.current).toBe(app)
    })

    it('resumes a paused mutation on the queryClient prop when the page is back online, also under an app QueryClientProvider', async () => {
      server.use(hotTaskHandlers.success({ sessionId: 9 }))
      const app = new QueryClient()
      const own = new QueryClient()
      onlineManager.setOnline(false)
      try {
        const { result } = renderHook(() => useChatSession('a'), {
          wrapper: ownClientUnder(app, own),
        })
        act(() => result.current.mutate())
        await waitFor(() => expect(result.current.isPaused).toBe(true))
        act(() => onlineManager.setOnline(true))
        await waitFor(() => expect(result.current.data?.sessionId).toBe(9))
      } finally {
        onlineManager.setOnline(true)
      }
    })

    it('resumes paused mutations on a new queryClient prop', async () => {
      server.use(hotTaskHandlers.success({ sessionId: 4 }))
      const app = new QueryClient()
      const clients = { first: new QueryClient(), second: new QueryClient() }
      // Keyed by client: react-query's useMutation keeps the QueryClient it started with.
      const ui = (name: keyof typeof clients) => (
        <QueryClientProvider client={app}>
          <HotTaskProvider config={{}} queryClient={clients[name]}>
            <MutationCount key={name} serial="a" />
          </HotTaskProvider>
        </QueryClientProvider>
      )
      onlineManager.setOnline(false)
      try {
        const { rerender } = render(ui('first'))
        rerender(ui('second'))
        act(() => screen.getByRole('button').click())
        await waitFor(() => expect(clients.second.getMutationCache().getAll()[0]?.state.isPaused).toBe(true))
        act(() => onlineManager.setOnline(true))
        await waitFor(() => expect(screen.getByRole('button').textContent).toMatch(/^4 \//))
      } finally {
        onlineManager.setOnline(true)
      }
    })

    it('stops watching the network for its QueryClient once unmounted', () => {
      const { unmount } = render(<HotTaskProvider config={{}}>child</HotTaskProvider>)
      expect(onlineManager.hasListeners()).toBe(true)
      unmount()
      expect(onlineManager.hasListeners()).toBe(false)
    })

    it('works with neither, on a QueryClient of its own', async () => {
      server.use(hotTaskHandlers.success({ sessionId: 7 }))
      render(
        <HotTaskProvider config={{}}>
          <MutationCount serial="a" />
        </HotTaskProvider>,
      )
      act(() => screen.getByRole('button').click())
      await waitFor(() => expect(screen.getByRole('button').textContent).toBe('7 / 1'))
    })
  })

  describe('stability', () => {
    let renders = 0
    let clients: unknown[] = []
    function Consumer() {
      renders++
      clients.push(useHotTaskClient())
      return null
    }
    // The same element on every render of Host: only a context change can re-render it.
    const consumer = <Consumer />

    function Host({ make }: { make: (n: number) => HotTaskProviderConfig }) {
      const [n, setN] = useState(0)
      return (
        <>
          <button onClick={() => setN(n + 1)}>rerender</button>
          <HotTaskProvider config={make(n)}>{consumer}</HotTaskProvider>
        </>
      )
    }

    function rerenders(make: (n: number) => HotTaskProviderConfig, times = 3) {
      renders = 0
      clients = []
      render(<Host make={make} />)
      for (let i = 0; i < times; i++) act(() => screen.getByText('rerender').click())
      return { renders, clients: new Set(clients).size }
    }

    const sameFetch: typeof fetch = (...args) => fetch(...args)
    const sameHeaders = () => ({ 'x-a': '1' })

    it('keeps the client and does not re-render consumers for an equal config', () => {
      const equal = () => ({
        baseUrl: 'http://localhost/api',
        headers: { 'X-App': 'demo' },
        fetch: sameFetch,
        timeoutMs: 1000,
        messageTimeoutMs: 90_000,
        maxRetries: 1,
        dangerouslyAllowBrowser: false,
      })
      expect(rerenders(equal)).toEqual({ renders: 1, clients: 1 })
    })

    it('compares headers functions by identity', () => {
      expect(rerenders(() => ({ headers: sameHeaders }))).toEqual({ renders: 1, clients: 1 })
      cleanup()
      expect(rerenders(() => ({ headers: () => ({}) }), 1)).toEqual({ renders: 2, clients: 2 })
    })

    it('reports the invalid headers of the current config, not those of an earlier one', async () => {
      let headers: [string, string][] = [['bad a', 'x']]
      const { result, rerender } = renderHook(() => useChatSession('a'), {
        wrapper: ({ children }) => <HotTaskProvider config={{ headers }}>{children}</HotTaskProvider>,
      })
      headers = [['bad b', 'x']]
      rerender()
      act(() => result.current.mutate())
      await waitFor(() => expect(result.current.isError).toBe(true))
      expect(result.current.error).toMatchObject({ kind: 'config' })
      expect((result.current.error!.cause as Error).message).toContain('bad b')
    })

    it.each<[string, (n: number) => HotTaskProviderConfig]>([
      ['baseUrl', (n) => ({ baseUrl: `http://localhost/${n}` })],
      ['headers content', (n) => ({ headers: { 'x-n': String(n) } })],
      ['timeoutMs', (n) => ({ timeoutMs: 1000 + n })],
      ['messageTimeoutMs', (n) => ({ messageTimeoutMs: 1000 + n })],
      ['maxRetries', (n) => ({ maxRetries: n })],
      ['fetch', () => ({ fetch: (...args: Parameters<typeof fetch>) => fetch(...args) })],
    ])('rebuilds the client when %s changes', (_, make) => {
      expect(rerenders(make, 1)).toEqual({ renders: 2, clients: 2 })
    })
  })
})
