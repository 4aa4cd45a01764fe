import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { createHotTaskClient } from '../../src/core/client'
import { isUsableApiKey } from '../../src/core/config'
import { CHAT_SESSION_PATH, MAX_SERVER_TEXT_LENGTH } from '../../src/core/constants'
import type { HotTaskError } from '../../src/core/errors'
import { serverText } from '../../src/core/server-text'
import { callUrl } from '../../src/core/url'
import { envelope, jsonReply, scriptedFetch, SECRET, failureWith } from '../support/replies'

/** The error of one attempt (no retries) against a server that answers `reply`. */
const errorFor = (reply: Response) => failureWith(scriptedFetch(reply).fetch)

// 65,000 dots and an 'x' (about 64 KB of envelope, inside the read limit): a backtracking /[.\s]+$/ took
// seconds on it (6.3 s for 64k dots in the review), so on the old code this file also runs past vitest's timeout.
const DOTS_THEN_X = '.'.repeat(65_000) + 'x'

describe("the server's text in an error message", () => {
  it.each([
    ['http', 400],
    ['api', 200],
  ])('is capped at 300 characters with an ellipsis (%s error)', async (kind, status) => {
    const error = await errorFor(jsonReply(envelope({ Success: false, Code: 400, Message: 'a'.repeat(5_000) }), { status }))
    expect(error.kind).toBe(kind)
    expect(error.message).toContain(`${'a'.repeat(MAX_SERVER_TEXT_LENGTH)}…`)
    expect(error.message).not.toContain('a'.repeat(MAX_SERVER_TEXT_LENGTH + 1))
    expect(error.message.length).toBeLessThan(400)
  })

  it.each([
    ['http', 400],
    ['api', 200],
  ])('handles a Message of 65,000 dots then x: a short message, no stall (%s error)', async (kind, status) => {
    const error = await errorFor(jsonReply(envelope({ Success: false, Code: 400, Message: DOTS_THEN_X }), { status }))
    expect(error.kind).toBe(kind)
    expect(error.message.length).toBeLessThan(400)
    expect(error.message).toMatch(/…/)
  })

  it('quotes a Message of exactly 300 characters whole, without an ellipsis', async () => {
    const Message = 'a'.repeat(MAX_SERVER_TEXT_LENGTH)
    const error = await errorFor(jsonReply(envelope({ Success: false, Code: 400, Message }), { status: 400 }))
    expect(error.message).toBe(`HotTask replied with HTTP 400: ${Message}.`)
  })

  it('caps a long status text the same way', async () => {
    const error = await errorFor(new Response('', { status: 503, statusText: 'b'.repeat(1_000) }))
    expect(error.message).toBe(`HotTask replied with HTTP 503: ${'b'.repeat(MAX_SERVER_TEXT_LENGTH)}….`)
  })

  it('caps the message of the error fetch rejects with, and reads a rejection that is not an Error', async () => {
    const reject = (reason: unknown) =>
      createHotTaskClient({ fetch: () => Promise.reject(reason), maxRetries: 0 })
        .createChatSession('a')
        .then(
          () => expect.fail('expected the call to fail'),
          (error: HotTaskError) => error,
        )
    const error = await reject(new TypeError('c'.repeat(1_000_000)))
    expect(error.kind).toBe('network')
    expect(error.message.length).toBeLessThan(400)
    expect((await reject(Object.create(null))).message).toMatch(/: fetch failed$/)
    expect((await reject(null)).message).toMatch(/: fetch failed$/)
  })

  it('redacts the key before cutting, so no part of a key on the cut is left', async () => {
    const Message = 'x'.repeat(MAX_SERVER_TEXT_LENGTH - 5) + SECRET
    const error = await errorFor(jsonReply(envelope({ Success: false, Code: 401, Message }), { status: 401 }))
    expect(error.message).not.toContain(SECRET.slice(0, 5))
    expect(error.message).toContain('[reda…')
  })

  it('reads a Message that is an object, or has a toString of its own, without failing', async () => {
    for (const Message of [{ toString: 'not callable' }, { a: 1 }, null, ['x']]) {
      const error = await errorFor(jsonReply(envelope({ Success: false, Code: 7, Message: Message as never })))
      expect(error.message).toBe('HotTask did not create a chat session: no message (Code 7).')
    }
  })

  it('reads a Version that is an object without failing', async () => {
    const { fetch } = scriptedFetch(jsonReply(envelope({ Version: { toString: 1 } as never })))
    await expect(createHotTaskClient({ fetch }).createChatSession('a')).resolves.toMatchObject({ version: '' })
  })
})

/**
 * Runs `run` and returns its result, or throws when it blocks the thread for 5 s (vitest's own timeout
 * cannot stop a blocked thread; vm's can): the old backtracking code fails here instead of hanging the run.
 */
const finishing = <T>(run: () => T): T => runInNewContext('run()', { run }, { timeout: 5_000 }) as T

describe('linear text handling (each of these blocked the thread for minutes with the old backtracking regular expressions)', () => {
  it('serverText trims the closing dots of a 1 MB text of dots then x in one pass', () => {
    expect(finishing(() => serverText('.'.repeat(1_000_000) + 'x'))).toBe('…')
    expect(finishing(() => serverText('Chatbot not found.' + ' .'.repeat(500_000)))).toBe('Chatbot not found…')
  })

  it('isUsableApiKey checks a 300,000-character key in one pass', () => {
    expect(finishing(() => isUsableApiKey('a'.repeat(300_000) + '\n'))).toBe(false)
    expect(finishing(() => isUsableApiKey(' '.repeat(300_000) + '\n'))).toBe(false)
    expect(isUsableApiKey('a'.repeat(300_000))).toBe(true)
    expect(isUsableApiKey(' '.repeat(300_000))).toBe(false)
  })

  it('the baseUrl trailing-slash strip handles 300,000 slashes followed by a character in one pass', () => {
    expect(finishing(() => callUrl('http://h/a' + '/'.repeat(300_000) + 'x', CHAT_SESSION_PATH))).toMatch(/^http:\/\/h\/a\/+x\/chat\/Chatbot\/GetSession$/)
    expect(callUrl('http://h/api///', CHAT_SESSION_PATH)).toBe('http://h/api/chat/Chatbot/GetSession')
  })
})
