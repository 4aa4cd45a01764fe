// Every change that sendMessage, retry, stop, reset and clearError make synchronously is in the hook's result once
// the synchronous act() that called them returns: no waitFor between the call and the assertion.
import { dehydrate, hydrate } from '@tanstack/react-query'
import { act, render, screen, waitFor } from '@testing-library/react'
import { Profiler, StrictMode, type ReactNode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { useChat } from '../../src/react/chat/use-chat'
import { HotTaskProvider } from '../../src/react/provider'
import { answerWith, fakeHotTask, heldAnswer, holdAnswers, refusalWith } from '../support/fake-hottask'
import { contents } from '../support/message-contents'
import { renderWithProvider } from '../support/render-with-provider'

function setup() {
  const hotTask = fakeHotTask()
  return { ...renderWithProvider(() => useChat('bot-1'), { baseUrl: 'http://hottask.test', fetch: hotTask.fetch }), hotTask }
}

describe('useChat: what an action changes at once is in the same render', () => {
  it('sendMessage: the message is there, sending, and the conversation submitted', () => {
    const { result } = setup()
    act(() => void result.current.sendMessage('hi'))
    expect(contents(result.current.messages)).toEqual(['user:hi:sending'])
    expect(result.current.status).toBe('submitted')
  })

  it('sendMessage of text that cannot be sent: the error is there, nothing added', () => {
    const { result } = setup()
    act(() => void result.current.sendMessage('   '))
    expect(result.current).toMatchObject({ messages: [], status: 'error', error: { kind: 'invalid-input' } })
  })

  it('retry: the failed message is sending again as the newest, its error and the conversation error gone', async () => {
    const { result, hotTask } = setup()
    hotTask.onMessage = (message) => (message.content === 'bad' ? refusalWith(500) : heldAnswer(message).promise)
    await act(() => result.current.sendMessage('bad'))
    act(() => void result.current.sendMessage('waiting'))
    await waitFor(() => expect(hotTask.messages).toHaveLength(2))
    act(() => void result.current.retry())
    expect(contents(result.current.messages)).toEqual(['user:waiting:sending', 'user:bad:sending'])
    expect(result.current.messages[1]!.error).toBeUndefined()
    expect(result.current).toMatchObject({ status: 'submitted', error: undefined })
  })

  it('stop: the messages waiting their turn are failed at once', async () => {
    const { result, hotTask } = setup()
    const held = holdAnswers(hotTask)
    act(() => {
      void result.current.sendMessage('A')
      void result.current.sendMessage('B')
    })
    await waitFor(() => expect(held).toHaveLength(1))
    act(() => result.current.stop())
    // B never left: failed by stop() itself. A's abort comes back from fetch, later.
    expect(result.current.messages[1]).toMatchObject({ content: 'B', status: 'failed', error: { kind: 'aborted' } })
    expect(result.current.error?.message).toBe('The message was stopped before it was sent.')
  })

  it('reset: no messages, no session, no error', async () => {
    const { result, hotTask } = setup()
    hotTask.onMessage = (message) => (message.content === 'bad' ? refusalWith(400) : heldAnswer(message).promise)
    await act(() => result.current.sendMessage('bad'))
    expect(result.current.session).toBeDefined()
    act(() => void result.current.sendMessage('on its way'))
    await waitFor(() => expect(hotTask.messages).toHaveLength(2))
    act(() => result.current.reset())
    expect(result.current).toMatchObject({ messages: [], session: undefined, error: undefined, status: 'ready' })
  })

  it('clearError: the error is gone and the conversation ready', async () => {
    const { result, hotTask } = setup()
    hotTask.onMessage = () => refusalWith(400)
    await act(() => result.current.sendMessage('hi'))
    expect(result.current.status).toBe('error')
    act(() => result.current.clearError())
    expect(result.current).toMatchObject({ error: undefined, status: 'ready' })
    expect(result.current.messages[0]).toMatchObject({ status: 'failed', error: { kind: 'http' } })
  })
})

describe('useChat: components sharing a conversation', () => {
  function Chat({ label }: { label: string }) {
    const chat = useChat('bot-1')
    return (
      <div>
        <span data-testid={label}>{chat.messages.map((m) => `${m.content}:${m.status}`).join('|')}</span>
        <button onClick={() => void chat.sendMessage(`from ${label}`)}>send {label}</button>
        <button onClick={chat.reset}>reset {label}</button>
      </div>
    )
  }

  function renderChats(tree: (children: ReactNode) => ReactNode = (children) => children) {
    const hotTask = fakeHotTask()
    holdAnswers(hotTask)
    render(
      tree(
        <HotTaskProvider config={{ baseUrl: 'http://hottask.test', fetch: hotTask.fetch }}>
          <Chat label="a" />
          <Chat label="b" />
        </HotTaskProvider>,
      ),
    )
  }

  const shown = () => [screen.getByTestId('a').textContent, screen.getByTestId('b').textContent]

  it('both show a message sent from one in the same act, and both are empty after a reset from the other', () => {
    renderChats()
    act(() => screen.getByText('send a').click())
    expect(shown()).toEqual(['from a:sending', 'from a:sending'])
    act(() => screen.getByText('reset b').click())
    expect(shown()).toEqual(['', ''])
  })

  it('in StrictMode too', () => {
    renderChats((children) => <StrictMode>{children}</StrictMode>)
    act(() => screen.getByText('send b').click())
    expect(shown()).toEqual(['from b:sending', 'from b:sending'])
    act(() => screen.getByText('reset a').click())
    expect(shown()).toEqual(['', ''])
  })
})

describe('useChat: the conversation removed from the cache while shown', () => {
  it('shows an empty conversation at once, and the next message is shown and kept like the first', async () => {
    vi.spyOn(console, 'error')
    const { result, queryClient, unmount } = setup()
    await act(() => result.current.sendMessage('hi'))
    act(() => queryClient.removeQueries({ queryKey: ['hottask', 'chat'] }))
    expect(result.current).toMatchObject({ messages: [], session: undefined, status: 'ready' })
    await act(() => result.current.sendMessage('again'))
    expect(contents(result.current.messages)).toEqual(['user:again:sent', 'assistant:You said: again:sent'])
    unmount()
    vi.useFakeTimers()
    vi.advanceTimersByTime(60 * 60 * 1000) // react-query's default gcTime is 5 minutes; the conversation is kept
    vi.useRealTimers()
    expect(queryClient.getQueryData(['hottask', 'chat', 'bot-1', 'default'])).toMatchObject({ messages: [{ content: 'again' }, {}] })
    expect(console.error).not.toHaveBeenCalled()
  })

  it('shows a conversation put back by hydrate() at once, after its removal or in its place', async () => {
    const { result, queryClient } = setup()
    await act(() => result.current.sendMessage('hi'))
    const saved = dehydrate(queryClient)
    await act(() => result.current.sendMessage('again'))
    act(() => {
      queryClient.removeQueries({ queryKey: ['hottask', 'chat'] })
      hydrate(queryClient, saved)
    })
    expect(contents(result.current.messages)).toEqual(['user:hi:sent', 'assistant:You said: hi:sent'])
    await act(() => result.current.sendMessage('again'))
    act(() => queryClient.removeQueries({ queryKey: ['hottask', 'chat'] }))
    act(() => hydrate(queryClient, saved))
    expect(contents(result.current.messages)).toEqual(['user:hi:sent', 'assistant:You said: hi:sent'])
  })
})

describe('useChat: renders no more than it shows', () => {
  it('a message exchange is two commits: the message sending, then sent with its answer', async () => {
    const hotTask = fakeHotTask()
    const held = holdAnswers(hotTask)
    let commits = 0
    function Chat() {
      const chat = useChat('bot-1')
      return <button onClick={() => void chat.sendMessage('hi')}>{chat.messages.length} messages</button>
    }
    render(
      <Profiler id="chat" onRender={() => commits++}>
        <HotTaskProvider config={{ baseUrl: 'http://hottask.test', fetch: hotTask.fetch }}>
          <Chat />
        </HotTaskProvider>
      </Profiler>,
    )
    await act(async () => {})
    commits = 0
    act(() => screen.getByRole('button').click())
    await waitFor(() => expect(held).toHaveLength(1))
    expect(commits).toBe(1)
    await act(async () => held[0]!.answer.resolve(answerWith('hello')))
    expect(screen.getByRole('button').textContent).toBe('2 messages')
    expect(commits).toBe(2)
  })
})
