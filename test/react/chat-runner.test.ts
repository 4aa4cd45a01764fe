import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it, vi } from 'vitest'
import type { ChatReply, HotTaskClient } from '../../src/core/types'
import { chatRunner } from '../../src/react/chat/chat-runner'
import { deferred } from '../support/fake-hottask'

/** A client whose one message is answered when the test says. */
function heldClient() {
  const answer = deferred<ChatReply>()
  const client: HotTaskClient = {
    maxRetries: 0,
    createChatSession: vi.fn(),
    sendMessage: vi.fn(() => answer.promise),
  }
  return { client, answer }
}

describe('ChatRunner', () => {
  it('drops an answer that lands after reset(), even one already resolved when reset() ran', async () => {
    const queryClient = new QueryClient()
    const runner = chatRunner(queryClient, 'bot', 'default')
    queryClient.setQueryData(runner.key, { messages: [], session: { sessionId: 1, serialNumber: 'bot', version: '1.0.0' } })
    const { client, answer } = heldClient()
    const onReply = vi.fn()
    const sent = runner.send('hi', client, { onReply })
    await vi.waitFor(() => expect(client.sendMessage).toHaveBeenCalledTimes(1))
    // The answer is in, but the runner's await has not resumed yet when the conversation is reset.
    answer.resolve({ content: 'late', version: '1.0.0' })
    runner.reset()
    await sent
    expect(queryClient.getQueryData(runner.key)).toEqual({ messages: [] })
    expect(onReply).not.toHaveBeenCalled()
  })

  it('is one per QueryClient and conversation', () => {
    const queryClient = new QueryClient()
    expect(chatRunner(queryClient, 'bot', 'a')).toBe(chatRunner(queryClient, 'bot', 'a'))
    expect(chatRunner(queryClient, 'bot', 'a')).not.toBe(chatRunner(queryClient, 'bot', 'b'))
    expect(chatRunner(queryClient, 'bot', 'a')).not.toBe(chatRunner(new QueryClient(), 'bot', 'a'))
    expect(chatRunner(queryClient, 'bot', 'a').key).toEqual(['hottask', 'chat', 'bot', 'a'])
  })
})
