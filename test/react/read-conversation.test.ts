import { describe, expect, it } from 'vitest'
import { HotTaskError, isHotTaskError } from '../../src/core/errors'
import type { ChatMessage } from '../../src/react/chat/chat-types'
import { newMessageId } from '../../src/react/chat/message-id'
import { EMPTY_CONVERSATION, readConversation } from '../../src/react/chat/read-conversation'
import { reviveError } from '../../src/react/chat/revive-error'

const none = () => false
const message = (overrides: Partial<ChatMessage> = {}): ChatMessage => ({ id: 'm1', role: 'user', content: 'hi', createdAt: 1, status: 'sent', ...overrides })
const asStored = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown

describe('reviveError', () => {
  it('gives a HotTaskError itself back', () => {
    const error = new HotTaskError('http', 'x', { status: 503 })
    expect(reviveError(error)).toBe(error)
  })

  it('makes a HotTaskError again of what JSON kept of one, retryable worked out again', () => {
    const revived = reviveError(asStored(new HotTaskError('http', 'HotTask replied with HTTP 429.', { status: 429, code: 429, retryAfterMs: 3000 })))
    expect(isHotTaskError(revived)).toBe(true)
    expect(revived).toMatchObject({ kind: 'http', message: 'HotTask replied with HTTP 429.', status: 429, code: 429, retryAfterMs: 3000, retryable: true })
  })

  it('leaves out facts that are not finite numbers', () => {
    const revived = reviveError({ kind: 'api', message: 'm', status: 'x', code: null, retryAfterMs: Number.NaN })!
    expect(Object.keys(revived)).not.toContain('status')
    expect(Object.keys(revived)).not.toContain('code')
    expect(Object.keys(revived)).not.toContain('retryAfterMs')
  })

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'http'],
    ['an unknown kind', { kind: 'weird', message: 'm' }],
    ['no message', { kind: 'http' }],
    ['a kind that is not a string', { kind: 1, message: 'm' }],
  ])('gives undefined for %s', (_, value) => {
    expect(reviveError(value)).toBeUndefined()
  })

  it.each(['invalid-input', 'config', 'network', 'timeout', 'http', 'api', 'invalid-response', 'aborted'])('knows the kind %s', (kind) => {
    expect(reviveError({ kind, message: 'm' })?.kind).toBe(kind)
  })
})

describe('readConversation', () => {
  it.each([undefined, null, 'text', {}, { messages: 'no' }])('reads %j as the empty conversation', (data) => {
    expect(readConversation(data, none)).toBe(EMPTY_CONVERSATION)
  })

  it('gives the same object when nothing needs changing', () => {
    const conversation = { messages: [message(), message({ id: 'm2', status: 'failed', error: new HotTaskError('network', 'x') })] }
    expect(readConversation(conversation, none)).toBe(conversation)
  })

  it('keeps a sending message this page is sending', () => {
    const conversation = { messages: [message({ status: 'sending' })] }
    expect(readConversation(conversation, (id) => id === 'm1')).toBe(conversation)
  })

  it('turns a sending message nobody here is sending into failed (aborted), and makes it the error', () => {
    const kept = message({ id: 'm0' })
    const read = readConversation({ messages: [kept, message({ status: 'sending' })] }, none)
    expect(read.messages[0]).toBe(kept)
    expect(read.messages[1]).toMatchObject({ id: 'm1', status: 'failed', error: { kind: 'aborted', retryable: false } })
    expect(read.messages[1]!.error!.message).toBe('Sending was interrupted (the page was left or reloaded) before HotTask answered. Retry to send it again.')
    expect(read.error).toBe(read.messages[1]!.error)
  })

  it('keeps an earlier error as the error when a message came back interrupted', () => {
    const earlier = new HotTaskError('http', 'earlier', { status: 400 })
    const read = readConversation({ messages: [message({ status: 'sending' })], error: earlier }, none)
    expect(read.error).toBe(earlier)
  })

  it('revives a message error alone, and a conversation error alone', () => {
    const messageOnly = readConversation(asStored({ messages: [message({ status: 'failed', error: new HotTaskError('network', 'offline') })] }), none)
    expect(isHotTaskError(messageOnly.messages[0]!.error)).toBe(true)
    const conversationOnly = readConversation(asStored({ messages: [message()], error: new HotTaskError('api', 'no') }), none)
    expect(isHotTaskError(conversationOnly.error)).toBe(true)
  })

  it('revives the error of one message among messages that need no change', () => {
    const stored = asStored({ messages: [message({ id: 'm0' }), message({ status: 'failed', error: new HotTaskError('network', 'offline') })] })
    const read = readConversation(stored, none)
    expect(isHotTaskError(read.messages[1]!.error)).toBe(true)
    expect(read.messages[0]).toBe((stored as { messages: unknown[] }).messages[0])
  })

  it('revives the errors of messages and of the conversation, and keeps the rest', () => {
    const session = { sessionId: 1, serialNumber: 'b', version: '1.0.0' }
    const stored = asStored({ messages: [message({ status: 'failed', error: new HotTaskError('timeout', 'late') })], error: new HotTaskError('http', 'no', { status: 403 }), session })
    const read = readConversation(stored, none)
    expect(isHotTaskError(read.messages[0]!.error)).toBe(true)
    expect(read.messages[0]).toMatchObject({ id: 'm1', content: 'hi', status: 'failed', error: { kind: 'timeout', message: 'late' } })
    expect(isHotTaskError(read.error)).toBe(true)
    expect(read.session).toEqual(session)
  })
})

describe('newMessageId', () => {
  it('gives a new id each time', () => {
    const ids = new Set(Array.from({ length: 1000 }, newMessageId))
    expect(ids.size).toBe(1000)
    expect([...ids][0]).toMatch(/^[0-9a-z]+-[0-9a-z]+-[0-9a-z]+$/)
  })
})
