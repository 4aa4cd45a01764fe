import { QueryClient } from '@tanstack/react-query'
import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import { StrictMode, type ReactNode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { MAX_MESSAGE_LENGTH } from '../../src/core/constants'
import { isHotTaskError } from '../../src/core/errors'
import { chatRunner } from '../../src/react/chat/chat-runner'
import { useChat, type UseChatOptions } from '../../src/react/chat/use-chat'
import { useChatSession } from '../../src/react/use-chat-session'
import { HotTaskProvider } from '../../src/react/provider'
import { answerWith, deferred, fakeHotTask, holdAnswers, refusalWith } from '../support/fake-hottask'
import { contents } from '../support/message-contents'

function setup(options: UseChatOptions = {}, serialNumber = 'bot-1') {
  const hotTask = fakeHotTask()
  const queryClient = new QueryClient()
  const wrapper = ({ children }: { children: ReactNode }) => (
    <HotTaskProvider config={{ baseUrl: 'http://hottask.test', fetch: hotTask.fetch }} queryClient={queryClient}>
      {children}
    </HotTaskProvider>
  )
  const rendered = renderHook(() => useChat(serialNumber, options), { wrapper })
  return { ...rendered, hotTask, queryClient, wrapper }
}

interface Rendered {
  result: { current: ReturnType<typeof useChat> }
  queryClient: QueryClient
}

/** Runs `action` (a sendMessage, retry…) to its end, then checks that the hook shows what the cache holds. */
async function settle({ result, queryClient }: Rendered, action: () => unknown, serialNumber = 'bot-1', id = 'default') {
  await act(async () => {
    await action()
  })
  const cached = chatRunner(queryClient, serialNumber, id)
  await waitFor(() => {
    const { messages, error, session } = result.current
    expect({ messages, error, session }).toEqual({ error: undefined, session: undefined, ...cached.read() })
  })
}

describe('useChat: a conversation', () => {
  it('starts empty and ready, and creates no session until the first message', () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    expect(result.current).toMatchObject({ messages: [], status: 'ready', error: undefined, session: undefined })
    expect(hotTask.sessions).toEqual([])
  })

  it('shows the message at once, creates the session, sends it, then adds the answer', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    const held = holdAnswers(hotTask)
    let sent!: Promise<void>
    act(() => void (sent = result.current.sendMessage('Hello')))
    await waitFor(() => expect(contents(result.current.messages)).toEqual(['user:Hello:sending']))
    expect(result.current.status).toBe('submitted')
    await waitFor(() => expect(held).toHaveLength(1))
    expect(hotTask.sessions).toEqual(['bot-1'])
    expect(held[0]!.message).toMatchObject({ sessionID: 100, content: 'Hello', sessionToken: 'token-100' })
    act(() => held[0]!.answer.resolve(answerWith('Hi! How can I help?', 375561)))
    await settle(rendered, () => sent)
    expect(contents(result.current.messages)).toEqual(['user:Hello:sent', 'assistant:Hi! How can I help?:sent'])
    expect(result.current.messages[1]).toMatchObject({ messageId: 375561 })
    expect(result.current.messages[0]!.id).not.toBe(result.current.messages[1]!.id)
    expect(result.current).toMatchObject({ status: 'ready', error: undefined, session: { sessionId: 100, serialNumber: 'bot-1', sessionToken: 'token-100' } })
  })

  it('sends later messages in the same session', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    await settle(rendered, () => result.current.sendMessage('one'))
    await settle(rendered, () => result.current.sendMessage('two'))
    expect(hotTask.sessions).toHaveLength(1)
    expect(hotTask.messages.map((m) => [m.sessionID, m.content])).toEqual([
      [100, 'one'],
      [100, 'two'],
    ])
    expect(contents(result.current.messages)).toEqual(['user:one:sent', 'assistant:You said: one:sent', 'user:two:sent', 'assistant:You said: two:sent'])
  })

  it('sends one message at a time, in order: the rest wait their turn, shown as sending', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    const held = holdAnswers(hotTask)
    act(() => {
      void result.current.sendMessage('A')
      void result.current.sendMessage('B')
      void result.current.sendMessage('C')
    })
    await waitFor(() => expect(held).toHaveLength(1))
    expect(contents(result.current.messages)).toEqual(['user:A:sending', 'user:B:sending', 'user:C:sending'])
    expect(held[0]!.message.content).toBe('A')
    act(() => held[0]!.answer.resolve(answerWith('a')))
    await waitFor(() => expect(held).toHaveLength(2))
    expect(held[1]!.message.content).toBe('B')
    // The answer comes right after its question; the messages still waiting stay below it.
    await waitFor(() => expect(contents(result.current.messages)).toEqual(['user:A:sent', 'assistant:a:sent', 'user:B:sending', 'user:C:sending']))
    act(() => held[1]!.answer.resolve(answerWith('b')))
    await waitFor(() => expect(held).toHaveLength(3))
    act(() => held[2]!.answer.resolve(answerWith('c')))
    await waitFor(() => expect(result.current.status).toBe('ready'))
    expect(contents(result.current.messages)).toEqual(['user:A:sent', 'assistant:a:sent', 'user:B:sent', 'assistant:b:sent', 'user:C:sent', 'assistant:c:sent'])
    expect(hotTask.sessions).toHaveLength(1)
  })

  it('keeps the conversation in the query cache under [hottask, chat, serialNumber, id]', async () => {
    const rendered = setup({ id: 'support' }, 'bot-9')
    const { result, queryClient } = rendered
    await settle(rendered, () => result.current.sendMessage('hi'), 'bot-9', 'support')
    const cached = queryClient.getQueryData(['hottask', 'chat', 'bot-9', 'support']) as { messages: unknown[] }
    expect(cached.messages).toHaveLength(2)
    expect(queryClient.getQueryData(['hottask', 'chat', 'bot-9', 'default'])).toBeUndefined()
  })

  it("creates the session through useChatSession's mutation (its key, visible to useMutationState)", async () => {
    const rendered = setup()
    const { result, queryClient } = rendered
    await settle(rendered, () => result.current.sendMessage('hi'))
    const sessions = queryClient.getMutationCache().findAll({ mutationKey: ['hottask', 'chat-session', 'bot-1'] })
    expect(sessions).toHaveLength(1)
    expect(sessions[0]!.state).toMatchObject({ status: 'success', data: { sessionId: 100 } })
  })

  it('keeps a refetch or invalidateQueries() from wiping the conversation', async () => {
    const rendered = setup()
    const { result, queryClient } = rendered
    await settle(rendered, () => result.current.sendMessage('hi'))
    await act(() => queryClient.invalidateQueries())
    await act(() => queryClient.refetchQueries({ queryKey: ['hottask', 'chat'] }))
    expect(result.current.messages).toHaveLength(2)
    // The refetch itself succeeded, with the conversation as its data.
    expect(queryClient.getQueryState(['hottask', 'chat', 'bot-1', 'default'])).toMatchObject({ status: 'success', error: null })
  })
})

describe('useChat: text that cannot be sent', () => {
  it.each([
    ['blank', '   ', 'Invalid message: it is blank.'],
    ['empty', '', 'Invalid message: it is blank.'],
    ['too long', 'x'.repeat(MAX_MESSAGE_LENGTH + 1), `Invalid message: it is longer than ${MAX_MESSAGE_LENGTH} characters.`],
    ['with control characters', 'a\u0000', 'Invalid message: it contains control characters other than tab and line breaks.'],
  ])('%s: not added, error says why, nothing sent, onError told', async (_, text, message) => {
    const onError = vi.fn()
    const rendered = setup({ onError })
    const { result, hotTask } = rendered
    await settle(rendered, () => result.current.sendMessage(text))
    expect(result.current.messages).toEqual([])
    expect(result.current.error).toMatchObject({ kind: 'invalid-input', message })
    expect(result.current.status).toBe('error')
    expect(onError).toHaveBeenCalledWith(result.current.error)
    expect(hotTask.sessions).toEqual([])
    expect(hotTask.messages).toEqual([])
  })

  it('the next good message clears that error', async () => {
    const rendered = setup()
    const { result } = rendered
    await settle(rendered, () => result.current.sendMessage(' '))
    await settle(rendered, () => result.current.sendMessage('ok'))
    expect(result.current).toMatchObject({ error: undefined, status: 'ready' })
  })
})

describe('useChat: failures and retry', () => {
  it('a failed session creation fails that message; retry creates the session and sends it', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    hotTask.onSession = () => Response.json({ Data: null, Version: '1.0.0', Success: false, Code: 404, Message: 'Chatbot not found' })
    await settle(rendered, () => result.current.sendMessage('hi'))
    expect(contents(result.current.messages)).toEqual(['user:hi:failed'])
    expect(result.current.messages[0]!.error).toMatchObject({ kind: 'api', code: 404 })
    expect(result.current).toMatchObject({ status: 'error', error: { kind: 'api' }, session: undefined })
    expect(hotTask.messages).toEqual([])

    hotTask.onSession = (_, id) => Response.json({ Data: { SessionID: id }, Version: '1.0.0', Success: true, Code: 200, Message: '' })
    await settle(rendered, () => result.current.retry())
    expect(contents(result.current.messages)).toEqual(['user:hi:sent', 'assistant:You said: hi:sent'])
    expect(result.current).toMatchObject({ status: 'ready', error: undefined, session: { sessionId: 101 } })
  })

  it('a failed message is not sent again by itself; retry(id) sends it once more, as the newest message', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    hotTask.onMessage = (message) => (message.content === 'first' && hotTask.messages.length === 1 ? refusalWith(500, 'Internal error') : answerWith(`re: ${message.content}`))
    await settle(rendered, () => result.current.sendMessage('first'))
    expect(result.current.messages[0]).toMatchObject({ status: 'failed', error: { kind: 'http', status: 500, retryable: true } })
    expect(hotTask.messages).toHaveLength(1)
    await settle(rendered, () => result.current.sendMessage('second'))
    const failedId = result.current.messages[0]!.id
    const before = result.current.messages[0]!.createdAt
    await settle(rendered, () => result.current.retry(failedId))
    expect(contents(result.current.messages)).toEqual(['user:second:sent', 'assistant:re: second:sent', 'user:first:sent', 'assistant:re: first:sent'])
    expect(result.current.messages[2]!.id).toBe(failedId)
    expect(result.current.messages[2]!.createdAt).toBeGreaterThanOrEqual(before)
    expect(Object.keys(result.current.messages[2]!)).not.toContain('error')
    expect(hotTask.messages.map((m) => m.content)).toEqual(['first', 'second', 'first'])
  })

  it('retry() takes the last failed message; retrying a sent, an answer or an unknown id does nothing', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    hotTask.onMessage = (message) => (message.content.startsWith('bad') ? refusalWith(400) : answerWith('ok'))
    await settle(rendered, () => result.current.sendMessage('bad 1'))
    await settle(rendered, () => result.current.sendMessage('good'))
    await settle(rendered, () => result.current.sendMessage('bad 2'))
    const sent = result.current.messages.find((m) => m.content === 'good')!
    const answer = result.current.messages.find((m) => m.role === 'assistant')!
    await settle(rendered, () => result.current.retry(sent.id))
    await settle(rendered, () => result.current.retry(answer.id))
    await settle(rendered, () => result.current.retry('no-such-id'))
    expect(hotTask.messages.map((m) => m.content)).toEqual(['bad 1', 'good', 'bad 2'])
    hotTask.onMessage = () => answerWith('fine')
    await settle(rendered, () => result.current.retry())
    expect(hotTask.messages.map((m) => m.content)).toEqual(['bad 1', 'good', 'bad 2', 'bad 2'])
    expect(result.current.messages.find((m) => m.content === 'bad 1')).toMatchObject({ status: 'failed' })
  })

  it('never sends one message twice: a second retry while the first is under way does nothing', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    hotTask.onMessage = () => refusalWith(502)
    await settle(rendered, () => result.current.sendMessage('hi'))
    const held = holdAnswers(hotTask)
    const id = result.current.messages[0]!.id
    act(() => {
      void result.current.retry(id)
      void result.current.retry(id)
      void result.current.retry()
    })
    await waitFor(() => expect(held).toHaveLength(1))
    // Sent again: shown as sending, the conversation submitted.
    expect(contents(result.current.messages)).toEqual(['user:hi:sending'])
    expect(result.current.status).toBe('submitted')
    act(() => held[0]!.answer.resolve(answerWith('ok')))
    await waitFor(() => expect(result.current.status).toBe('ready'))
    expect(hotTask.messages).toHaveLength(2)
  })

  it('waits out a 429 with Retry-After and sends again (the message was not taken)', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    hotTask.onMessage = () => (hotTask.messages.length === 1 ? refusalWith(429, 'Too many', { 'retry-after-ms': '1' }) : answerWith('ok'))
    await settle(rendered, () => result.current.sendMessage('hi'))
    expect(hotTask.messages).toHaveLength(2)
    expect(contents(result.current.messages)).toEqual(['user:hi:sent', 'assistant:ok:sent'])
  })

  it('a message refused 403 by the proxy (its token no longer valid) forgets the session, so retry starts a new one', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    await settle(rendered, () => result.current.sendMessage('one'))
    hotTask.onMessage = (message) => (message.sessionID === 100 ? refusalWith(403, 'This chat session is not valid here.') : answerWith('new session'))
    await settle(rendered, () => result.current.sendMessage('two'))
    expect(result.current.messages[2]).toMatchObject({ status: 'failed', error: { kind: 'http', status: 403 } })
    expect(result.current.session).toBeUndefined()
    await settle(rendered, () => result.current.retry())
    expect(hotTask.sessions).toHaveLength(2)
    expect(result.current.session).toMatchObject({ sessionId: 101 })
    expect(result.current.messages.at(-1)).toMatchObject({ content: 'new session' })
  })

  it('a 403 for a session without a token (HotTask called directly) keeps the session', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    hotTask.onSession = (_, id) => Response.json({ Data: { SessionID: id }, Version: '1.0.0', Success: true, Code: 200, Message: '' })
    await settle(rendered, () => result.current.sendMessage('one'))
    hotTask.onMessage = () => refusalWith(403, 'Forbidden')
    await settle(rendered, () => result.current.sendMessage('two'))
    expect(result.current.session).toMatchObject({ sessionId: 100 })
    hotTask.onMessage = () => answerWith('fine')
    await settle(rendered, () => result.current.retry())
    expect(hotTask.sessions).toHaveLength(1)
  })

  it('the first message refused 403 leaves the conversation without the session it just made', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    hotTask.onMessage = () => refusalWith(403, 'This chat session is not valid here.')
    await settle(rendered, () => result.current.sendMessage('hi'))
    expect(result.current.session).toBeUndefined()
    // Nothing brings the refused session back afterwards.
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
    expect(rendered.queryClient.getQueryData(['hottask', 'chat', 'bot-1', 'default'])).toMatchObject({ session: undefined })
  })

  it('clearError() clears the error; the failed message keeps its own', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    hotTask.onMessage = () => refusalWith(400)
    await settle(rendered, () => result.current.sendMessage('hi'))
    expect(result.current.status).toBe('error')
    act(() => result.current.clearError())
    await waitFor(() => expect(result.current.error).toBeUndefined())
    expect(result.current.status).toBe('ready')
    expect(result.current.messages[0]!.error).toMatchObject({ kind: 'http' })
  })

  it('a later answer clears the error of an earlier message (the last exchange went well)', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    hotTask.onMessage = (message) => (message.content === 'bad' ? refusalWith(400) : answerWith('ok'))
    await settle(rendered, () => result.current.sendMessage('bad'))
    await settle(rendered, () => result.current.sendMessage('good'))
    expect(result.current).toMatchObject({ status: 'ready', error: undefined })
    expect(result.current.messages[0]).toMatchObject({ status: 'failed' })
  })
})

describe('useChat: stop and reset', () => {
  it('stop() aborts the message being sent (failed, aborted) and fails those waiting, which are never sent', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    const held = holdAnswers(hotTask)
    let first!: Promise<void>
    let second!: Promise<void>
    act(() => {
      first = result.current.sendMessage('A')
      second = result.current.sendMessage('B')
    })
    await waitFor(() => expect(held).toHaveLength(1))
    act(() => result.current.stop())
    // Both promises end: the one sent, and the one that never was.
    await settle(rendered, () => Promise.all([first, second]))
    expect(held[0]!.message.signal.aborted).toBe(true)
    expect(contents(result.current.messages)).toEqual(['user:A:failed', 'user:B:failed'])
    for (const message of result.current.messages) expect(message.error).toMatchObject({ kind: 'aborted', retryable: false })
    expect(result.current.messages.map((m) => m.error?.message)).toEqual(['The HotTask request was aborted.', 'The message was stopped before it was sent.'])
    expect(result.current).toMatchObject({ status: 'error', error: { kind: 'aborted', message: 'The HotTask request was aborted.' } })
    expect(hotTask.messages.map((m) => m.content)).toEqual(['A'])
  })

  it('stop() with nothing under way changes nothing', async () => {
    const rendered = setup()
    const { result, queryClient } = rendered
    await settle(rendered, () => result.current.stop())
    expect(result.current).toMatchObject({ messages: [], status: 'ready', error: undefined })
    expect(queryClient.getQueryData(['hottask', 'chat', 'bot-1', 'default'])).toEqual({ messages: [] })
  })

  it('stop() with one message on its way and none waiting: that message fails with the abort, nothing else', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    const held = holdAnswers(hotTask)
    let sent!: Promise<void>
    act(() => void (sent = result.current.sendMessage('A')))
    await waitFor(() => expect(held).toHaveLength(1))
    const cache = rendered.queryClient.getQueryCache().find({ queryKey: ['hottask', 'chat', 'bot-1', 'default'] })!
    const errors: unknown[] = []
    const unsubscribe = rendered.queryClient.getQueryCache().subscribe(() => errors.push((cache.state.data as { error?: { message: string } }).error?.message))
    act(() => result.current.stop())
    await settle(rendered, () => sent)
    unsubscribe()
    // No "stopped before it was sent" for a queue that was empty, not even for a moment.
    expect(errors).not.toContain('The message was stopped before it was sent.')
    expect(result.current.error?.message).toBe('The HotTask request was aborted.')
  })

  it('reset() with nothing under way leaves an empty conversation', async () => {
    const rendered = setup()
    await settle(rendered, () => rendered.result.current.reset())
    expect(rendered.result.current).toMatchObject({ messages: [], status: 'ready', session: undefined })
  })

  it('stop() while the session is being created fails the message and keeps the session for the next one', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    const session = deferred<Response>()
    hotTask.onSession = () => session.promise
    let sent!: Promise<void>
    act(() => void (sent = result.current.sendMessage('hi')))
    await waitFor(() => expect(hotTask.sessions).toHaveLength(1))
    act(() => result.current.stop())
    await settle(rendered, () => sent)
    expect(result.current.messages[0]).toMatchObject({ status: 'failed', error: { kind: 'aborted' } })
    await act(async () => session.resolve(Response.json({ Data: { SessionID: 555 }, Version: '1.0.0', Success: true, Code: 200, Message: '' })))
    await waitFor(() => expect(result.current.session).toMatchObject({ sessionId: 555 }))
    await settle(rendered, () => result.current.retry())
    expect(hotTask.sessions).toHaveLength(1)
    expect(hotTask.messages).toMatchObject([{ sessionID: 555, content: 'hi' }])
  })

  it('reset() forgets messages and session, drops an answer still on its way, and the next message starts a new session', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    await settle(rendered, () => result.current.sendMessage('one'))
    const held = holdAnswers(hotTask)
    act(() => void result.current.sendMessage('two'))
    await waitFor(() => expect(held).toHaveLength(1))
    act(() => result.current.reset())
    expect(held[0]!.message.signal.aborted).toBe(true)
    await waitFor(() => expect(result.current).toMatchObject({ messages: [], session: undefined, status: 'ready', error: undefined }))
    hotTask.onMessage = (message) => answerWith(`fresh: ${message.content}`)
    await settle(rendered, () => result.current.sendMessage('three'))
    expect(hotTask.sessions).toHaveLength(2)
    expect(contents(result.current.messages)).toEqual(['user:three:sent', 'assistant:fresh: three:sent'])
  })

  it('reset() also drops the messages waiting their turn, without sending them', async () => {
    const rendered = setup()
    const { result, hotTask } = rendered
    const held = holdAnswers(hotTask)
    let waiting!: Promise<void>
    act(() => {
      void result.current.sendMessage('A')
      waiting = result.current.sendMessage('B')
    })
    await waitFor(() => expect(held).toHaveLength(1))
    act(() => result.current.reset())
    await settle(rendered, () => waiting)
    expect(hotTask.messages.map((m) => m.content)).toEqual(['A'])
    expect(result.current.messages).toEqual([])
  })
})

describe('useChat: what an answer holds', () => {
  it('an answer without a messageid has no messageId field at all', async () => {
    const rendered = setup()
    rendered.hotTask.onMessage = () => Response.json({ Data: { content: 'plain' }, Version: '1.0.0', Success: true, Code: 200, Message: '' })
    await settle(rendered, () => rendered.result.current.sendMessage('hi'))
    const answer = rendered.result.current.messages[1]!
    expect(answer).toStrictEqual({ id: answer.id, role: 'assistant', content: 'plain', createdAt: answer.createdAt, status: 'sent' })
  })

  it('follows a change of chatbot: the actions act on the conversation of the serial number now given', async () => {
    const hotTask = fakeHotTask()
    const queryClient = new QueryClient()
    const { result, rerender } = renderHook(({ serial }) => useChat(serial), {
      initialProps: { serial: 'bot-1' },
      wrapper: ({ children }) => (
        <HotTaskProvider config={{ baseUrl: 'http://hottask.test', fetch: hotTask.fetch }} queryClient={queryClient}>
          {children}
        </HotTaskProvider>
      ),
    })
    rerender({ serial: 'bot-2' })
    const bot2 = () => chatRunner(queryClient, 'bot-2', 'default').read()
    hotTask.onMessage = () => refusalWith(400, 'No')
    await act(() => result.current.sendMessage('hi'))
    expect(hotTask.sessions).toEqual(['bot-2'])
    expect(bot2().error).toMatchObject({ kind: 'http' })
    act(() => result.current.clearError())
    expect(bot2().error).toBeUndefined()
    hotTask.onMessage = () => answerWith('ok')
    await act(() => result.current.retry())
    expect(hotTask.messages).toHaveLength(2)
    const held = holdAnswers(hotTask)
    act(() => void result.current.sendMessage('again'))
    await waitFor(() => expect(held).toHaveLength(1))
    act(() => result.current.stop())
    await waitFor(() => expect(bot2().messages.at(-1)).toMatchObject({ content: 'again', status: 'failed' }))
    act(() => result.current.reset())
    expect(bot2()).toEqual({ messages: [] })
  })
})

describe('useChat: callbacks', () => {
  it('onReply gets the reply and the answer as added; onError the failure', async () => {
    const onReply = vi.fn()
    const onError = vi.fn()
    const rendered = setup({ onReply, onError })
    const { result, hotTask } = rendered
    await settle(rendered, () => result.current.sendMessage('hi'))
    expect(onReply).toHaveBeenCalledWith({ content: 'You said: hi', messageId: 1001, totalTokens: 10, version: '1.0.0' }, result.current.messages[1])
    hotTask.onMessage = () => refusalWith(400, 'No')
    await settle(rendered, () => result.current.sendMessage('again'))
    expect(onError).toHaveBeenCalledTimes(1)
    expect(isHotTaskError(onError.mock.calls[0]![0])).toBe(true)
    expect(onError.mock.calls[0]![0]).toBe(result.current.messages[2]!.error)
  })

  it('a callback that throws is reported as uncaught, and changes nothing: the answer stays sent, nothing is sent twice', async () => {
    const reportError = vi.fn()
    vi.stubGlobal('reportError', reportError)
    try {
      const thrown = new Error('bug in onReply')
      const rendered = setup({
        onReply: () => {
          throw thrown
        },
        onError: () => {
          throw new Error('bug in onError')
        },
      })
      const { result, hotTask } = rendered
      await settle(rendered, () => result.current.sendMessage('hi'))
      expect(reportError).toHaveBeenCalledWith(thrown)
      expect(contents(result.current.messages)).toEqual(['user:hi:sent', 'assistant:You said: hi:sent'])
      expect(result.current.error).toBeUndefined()
      await settle(rendered, () => result.current.retry())
      expect(hotTask.messages).toHaveLength(1)
      hotTask.onMessage = () => refusalWith(400, 'No')
      await settle(rendered, () => result.current.sendMessage('again'))
      await settle(rendered, () => result.current.sendMessage(' '))
      expect(reportError.mock.calls.map(([error]) => (error as Error).message)).toEqual(['bug in onReply', 'bug in onError', 'bug in onError'])
      expect(result.current.messages[2]).toMatchObject({ content: 'again', status: 'failed', error: { kind: 'http', status: 400 } })
      expect(result.current.error).toMatchObject({ kind: 'invalid-input' })
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('uses the callbacks of the latest render', async () => {
    const first = vi.fn()
    const second = vi.fn()
    const hotTask = fakeHotTask()
    const queryClient = new QueryClient()
    const { result, rerender } = renderHook(({ onReply }) => useChat('bot-1', { onReply }), {
      initialProps: { onReply: first },
      wrapper: ({ children }) => (
        <HotTaskProvider config={{ baseUrl: 'http://hottask.test', fetch: hotTask.fetch }} queryClient={queryClient}>
          {children}
        </HotTaskProvider>
      ),
    })
    rerender({ onReply: second })
    await settle({ result, queryClient }, () => result.current.sendMessage('hi'))
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledTimes(1)
  })
})

describe('useChat: shared and kept', () => {
  function Chat({ serial = 'bot-1', id, label }: { serial?: string; id?: string; label: string }) {
    const chat = useChat(serial, { id })
    return (
      <div>
        <span data-testid={label}>{chat.messages.map((m) => m.content).join('|')}</span>
        <button onClick={() => void chat.sendMessage(`from ${label}`)}>send {label}</button>
      </div>
    )
  }

  it('components with the same serial number and id share one conversation; another id or chatbot has its own', async () => {
    const hotTask = fakeHotTask()
    render(
      <HotTaskProvider config={{ baseUrl: 'http://hottask.test', fetch: hotTask.fetch }}>
        <Chat label="a" />
        <Chat label="b" />
        <Chat label="c" id="other" />
        <Chat label="d" serial="bot-2" />
      </HotTaskProvider>,
    )
    act(() => screen.getByText('send a').click())
    await waitFor(() => expect(screen.getByTestId('b').textContent).toBe('from a|You said: from a'))
    expect(screen.getByTestId('a').textContent).toBe('from a|You said: from a')
    expect(screen.getByTestId('c').textContent).toBe('')
    expect(screen.getByTestId('d').textContent).toBe('')
  })

  it('survives the widget unmounting, an answer that arrives meanwhile included', async () => {
    const rendered = setup()
    const { result, hotTask, queryClient, unmount, wrapper } = rendered
    const held = holdAnswers(hotTask)
    act(() => void result.current.sendMessage('hi'))
    await waitFor(() => expect(held).toHaveLength(1))
    unmount()
    held[0]!.answer.resolve(answerWith('answered while away'))
    await waitFor(() => expect((queryClient.getQueryData(['hottask', 'chat', 'bot-1', 'default']) as { messages: unknown[] }).messages).toHaveLength(2))
    vi.useFakeTimers()
    vi.advanceTimersByTime(60 * 60 * 1000) // react-query's default gcTime is 5 minutes; the conversation is kept
    vi.useRealTimers()
    const again = renderHook(() => useChat('bot-1'), { wrapper })
    expect(contents(again.result.current.messages)).toEqual(['user:hi:sent', 'assistant:answered while away:sent'])
  })

  it('two conversations with one chatbot starting at once get a session each', async () => {
    const hotTask = fakeHotTask()
    const sessions = [deferred<Response>(), deferred<Response>()]
    hotTask.onSession = () => sessions[hotTask.sessions.length - 1]!.promise
    render(
      <HotTaskProvider config={{ baseUrl: 'http://hottask.test', fetch: hotTask.fetch }}>
        <Chat label="a" id="one" />
        <Chat label="b" id="two" />
      </HotTaskProvider>,
    )
    act(() => {
      screen.getByText('send a').click()
      screen.getByText('send b').click()
    })
    await waitFor(() => expect(hotTask.sessions).toHaveLength(1))
    sessions[0]!.resolve(Response.json({ Data: { SessionID: 1 }, Version: '1.0.0', Success: true, Code: 200, Message: '' }))
    await waitFor(() => expect(hotTask.sessions).toHaveLength(2))
    sessions[1]!.resolve(Response.json({ Data: { SessionID: 2 }, Version: '1.0.0', Success: true, Code: 200, Message: '' }))
    await waitFor(() => expect(hotTask.messages).toHaveLength(2))
    expect(hotTask.messages.map((m) => [m.content, m.sessionID]).sort()).toEqual([
      ['from a', 1],
      ['from b', 2],
    ])
  })

  it('in StrictMode one message is one session and one send', async () => {
    const hotTask = fakeHotTask()
    render(
      <StrictMode>
        <HotTaskProvider config={{ baseUrl: 'http://hottask.test', fetch: hotTask.fetch }}>
          <Chat label="a" />
        </HotTaskProvider>
      </StrictMode>,
    )
    act(() => screen.getByText('send a').click())
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('from a|You said: from a'))
    expect(hotTask.sessions).toHaveLength(1)
    expect(hotTask.messages).toHaveLength(1)
  })

  it('a messageTimeoutMs that cannot work is a config error where messages are sent (useChat), not for sessions alone', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const wrapper = ({ children }: { children: ReactNode }) => <HotTaskProvider config={{ baseUrl: 'http://hottask.test', messageTimeoutMs: 0 }}>{children}</HotTaskProvider>
    expect(() => renderHook(() => useChat('bot-1'), { wrapper })).toThrow(
      expect.objectContaining({ kind: 'config', message: expect.stringContaining('messageTimeoutMs must be a whole number from 1') }),
    )
    expect(() => renderHook(() => useChatSession('bot-1'), { wrapper })).not.toThrow()
  })

  it('throws at render outside a HotTaskProvider, naming it', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => renderHook(() => useChat('bot-1'))).toThrow(/useChat\(\) must be called inside <HotTaskProvider>/)
  })
})
