import type { QueryClient } from '@tanstack/react-query'
import { raceAbort } from '../../core/abort'
import { HotTaskError } from '../../core/errors'
import { assertMessageContent } from '../../core/message-content'
import type { ChatReply, ChatSession } from '../../core/types'
import type { MessageClient } from '../../core/with-messages'
import type { ChatConversation, ChatMessage, ChatQueryKey } from './chat-types'
import { callSafely } from './call-safely'
import { createConversationSession } from './create-session'
import { newMessageId } from './message-id'
import { EMPTY_CONVERSATION, readConversation } from './read-conversation'

/** What the component that sent a message is told about it. */
export interface ChatCallbacks {
  onError?: (error: HotTaskError) => void
  onReply?: (reply: ChatReply, message: ChatMessage) => void
}

/** A message waiting its turn, and what to tell when it is done. */
interface Queued {
  id: string
  client: MessageClient
  callbacks: ChatCallbacks
  done: () => void
}

const stoppedError = () => new HotTaskError('aborted', 'The message was stopped before it was sent.')

// A message refused with 403 by react-hottask's proxy carries a session token that is no longer valid there
// (expired, signed with a rotated key): a new session is the only way on.
const sessionRefused = (error: HotTaskError, session: ChatSession) => error.status === 403 && session.sessionToken !== undefined

/**
 * Sends the messages of one conversation, one at a time in the order they were sent (HotTask answers in order),
 * and keeps the conversation in the react-query cache, where every component with the same key reads it. One per
 * QueryClient and conversation key (see {@link chatRunner}), so components that share a conversation share its
 * queue, and it outlives the component that sent a message.
 */
export class ChatRunner {
  readonly key: ChatQueryKey
  readonly #queryClient: QueryClient
  readonly #queue: Queued[] = []
  // Messages queued or being sent by this page; a `sending` message not in here was restored by a persister.
  readonly #sending = new Set<string>()
  #current: AbortController | undefined
  #draining = false
  // A new one at each reset(): an answer to a conversation that was reset since is dropped.
  #generation = {}

  constructor(queryClient: QueryClient, key: ChatQueryKey) {
    this.#queryClient = queryClient
    this.key = key
  }

  readonly isSending = (id: string) => this.#sending.has(id)

  /** The conversation in the cache (or `data`), as {@link readConversation} shows it. */
  readonly read = (data: unknown = this.#queryClient.getQueryData(this.key)) => readConversation(data, this.isSending)

  /** Writes the conversation with the fields that `change` gives replaced. */
  #write(change: (conversation: ChatConversation) => Partial<ChatConversation>) {
    this.#queryClient.setQueryData(this.key, (data: unknown) => {
      const conversation = this.read(data)
      return { ...conversation, ...change(conversation) }
    })
  }

  #fail(ids: readonly string[], error: HotTaskError, session?: ChatSession) {
    this.#write((conversation) => ({
      session,
      error,
      messages: conversation.messages.map((message) => (ids.includes(message.id) ? { ...message, status: 'failed', error } : message)),
    }))
  }

  /** Adds the visitor's `text` as `sending` and sends it when its turn comes; resolves once it is answered or failed. */
  send(text: string, client: MessageClient, callbacks: ChatCallbacks): Promise<void> {
    try {
      assertMessageContent(text)
    } catch (error) {
      // Text core would refuse is not added: nothing about it could ever be sent.
      this.#write(() => ({ error: error as HotTaskError }))
      callSafely(() => callbacks.onError?.(error as HotTaskError))
      return Promise.resolve()
    }
    return this.#sendAsNewest({ id: newMessageId(), role: 'user', content: text, createdAt: Date.now(), status: 'sending' }, client, callbacks)
  }

  /** Sends a failed visitor message again, as the newest message (the default: the last failed one). */
  retry(id: string | undefined, client: MessageClient, callbacks: ChatCallbacks): Promise<void> {
    // Only the visitor's messages can fail: an answer is always sent.
    const target = this.read().messages.filter((message) => message.status === 'failed' && (id === undefined || message.id === id)).at(-1)
    if (!target) return Promise.resolve()
    const again: ChatMessage = { ...target, status: 'sending', createdAt: Date.now() }
    delete again.error
    return this.#sendAsNewest(again, client, callbacks)
  }

  /** Puts `message` (`sending`) last in the conversation, in place of an earlier copy, and queues it. */
  #sendAsNewest(message: ChatMessage, client: MessageClient, callbacks: ChatCallbacks): Promise<void> {
    this.#sending.add(message.id)
    this.#write(({ messages }) => ({ error: undefined, messages: [...messages.filter(({ id }) => id !== message.id), message] }))
    return this.#enqueue(message.id, client, callbacks)
  }

  /** Aborts the message being sent and fails the ones waiting their turn: nothing more is sent until asked. */
  readonly stop = (): void => {
    const stopped = this.#queue.splice(0)
    this.#current?.abort()
    if (stopped.length === 0) return
    this.#fail(
      stopped.map(({ id }) => id),
      stoppedError(),
      this.read().session,
    )
    for (const { id, done } of stopped) {
      this.#sending.delete(id)
      done()
    }
  }

  /** Forgets the conversation (and its session): the next message starts a new session. */
  readonly reset = (): void => {
    this.#generation = {}
    const dropped = this.#queue.splice(0)
    this.#current?.abort()
    this.#sending.clear()
    this.#queryClient.setQueryData(this.key, EMPTY_CONVERSATION)
    for (const { done } of dropped) done()
  }

  readonly clearError = (): void => {
    this.#write(() => ({ error: undefined }))
  }

  #enqueue(id: string, client: MessageClient, callbacks: ChatCallbacks): Promise<void> {
    return new Promise<void>((done) => {
      this.#queue.push({ id, client, callbacks, done })
      void this.#drain()
    })
  }

  async #drain() {
    if (this.#draining) return
    this.#draining = true
    try {
      for (let next; (next = this.#queue.shift()); ) await this.#exchange(next)
    } finally {
      this.#draining = false
    }
  }

  async #exchange({ id, client, callbacks, done }: Queued) {
    const generation = this.#generation
    const controller = (this.#current = new AbortController())
    const conversation = this.read()
    let session = conversation.session
    let creating: Promise<ChatSession> | undefined
    try {
      const { content } = conversation.messages.find((message) => message.id === id)!
      if (!session) {
        creating = createConversationSession(this.#queryClient, client, this.key[2])
        session = await raceAbort(creating, controller.signal, () => {})
      }
      const reply = await client.sendMessage(session, content, { signal: controller.signal })
      if (generation === this.#generation) this.#answer(id, reply, session, callbacks)
    } catch (caught) {
      const error = caught as HotTaskError
      if (generation !== this.#generation) return
      if (session === undefined && creating) this.#keepLateSession(creating, generation)
      this.#fail([id], error, session && sessionRefused(error, session) ? undefined : session)
      callSafely(() => callbacks.onError?.(error))
    } finally {
      this.#current = undefined
      this.#sending.delete(id)
      done()
    }
  }

  /** Marks the message sent and adds the chatbot's answer after it, in one change (one render). */
  #answer(id: string, reply: ChatReply, session: ChatSession, callbacks: ChatCallbacks) {
    const answer: ChatMessage = { id: newMessageId(), role: 'assistant', content: reply.content, createdAt: Date.now(), status: 'sent' }
    if (reply.messageId !== undefined) answer.messageId = reply.messageId
    this.#write((conversation) => ({
      session,
      error: undefined,
      // Right after its question: messages still waiting their turn come after the answer, as HotTask sees them.
      messages: conversation.messages.flatMap((message) => (message.id === id ? [{ ...message, status: 'sent' as const }, answer] : [message])),
    }))
    callSafely(() => callbacks.onReply?.(reply, answer))
  }

  /** A session still being made when its message was stopped is kept for the next message, not thrown away. */
  #keepLateSession(creating: Promise<ChatSession>, generation: object) {
    creating.then(
      // Stryker disable next-line ConditionalExpression,LogicalOperator: a conversation of this generation cannot have a session yet, as the next creation of its chatbot waits for this one; kept against a session restored meanwhile
      (session) => generation === this.#generation && !this.read().session && this.#write(() => ({ session })),
      () => {},
    )
  }
}

const runners = new WeakMap<QueryClient, Map<string, ChatRunner>>()

/**
 * The {@link ChatRunner} of the conversation `id` with the chatbot `serialNumber` in `queryClient`, made on first use.
 *
 * @example
 * const runner = chatRunner(queryClient, '3254a9d0…', 'default')
 */
export function chatRunner(queryClient: QueryClient, serialNumber: string, id: string): ChatRunner {
  let byKey = runners.get(queryClient)
  if (!byKey) runners.set(queryClient, (byKey = new Map()))
  const key: ChatQueryKey = ['hottask', 'chat', serialNumber, id]
  const hash = JSON.stringify(key)
  let runner = byKey.get(hash)
  if (!runner) byKey.set(hash, (runner = new ChatRunner(queryClient, key)))
  return runner
}
