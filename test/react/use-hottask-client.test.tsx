import { act, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useChatSession } from '../../src/react/use-chat-session'
import { useHotTaskClient } from '../../src/react/use-hottask-client'
import { renderWithProvider } from '../support/render-with-provider'
import { deferred, envelope, jsonReply, scriptedFetch } from '../support/replies'

// The provider keeps single attempts (react-query retries useChatSession); the client it gives adds its own retries.
describe('useHotTaskClient', () => {
  const unavailable = () => jsonReply(envelope({ Success: false, Code: 503 }), { status: 503, headers: { 'retry-after-ms': '0' } })

  it("retries createChatSession with the provider's maxRetries, as the core client does", async () => {
    const { fetch, requests } = scriptedFetch(unavailable(), unavailable(), jsonReply(envelope({ Data: { SessionID: 8 } })))
    const { result } = renderWithProvider(() => useHotTaskClient(), { fetch, maxRetries: 2 })
    await expect(result.current.createChatSession('bot-1')).resolves.toMatchObject({ sessionId: 8 })
    expect(requests).toHaveLength(3)
  })

  it('gives up after maxRetries, and a per-call maxRetries overrides it', async () => {
    const { fetch, requests } = scriptedFetch(unavailable())
    const { result } = renderWithProvider(() => useHotTaskClient(), { fetch, maxRetries: 1 })
    await expect(result.current.createChatSession('bot-1')).rejects.toMatchObject({ kind: 'http', status: 503 })
    expect(requests).toHaveLength(2)
    await expect(result.current.createChatSession('bot-1', { maxRetries: 0 })).rejects.toMatchObject({ kind: 'http', status: 503 })
    expect(requests).toHaveLength(3)
  })

  it("shares one attempt with useChatSession's under one provider", async () => {
    const reply = deferred<Response>()
    const { fetch, requests } = scriptedFetch(() => reply.promise)
    const { result } = renderWithProvider(() => ({ client: useHotTaskClient(), chat: useChatSession('bot-1') }), { fetch })
    act(() => result.current.chat.mutate())
    await waitFor(() => expect(requests).toHaveLength(1))
    const direct = result.current.client.createChatSession('bot-1')
    reply.resolve(jsonReply(envelope({ Data: { SessionID: 9 } })))
    await expect(direct).resolves.toMatchObject({ sessionId: 9 })
    await waitFor(() => expect(result.current.chat.data?.sessionId).toBe(9))
    expect(requests).toHaveLength(1)
  })
})
