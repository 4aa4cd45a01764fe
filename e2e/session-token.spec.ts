import type { APIRequestContext } from '@playwright/test'
import { createHmac } from 'node:crypto'
import { messageRoute, sessionRoute } from './chat-widget'
import { canaryKey, expect, test, visitorAddress } from './fixtures'
import { allowedSerialNumbers } from './run-values'

// HotTask's session ids are small sequential integers: the route forwards a message only with the session token
// it issued for that very session when it relayed the session's creation (v1.<id>.<expiry>.<serial>.<signature>).
const [serialNumber] = allowedSerialNumbers

interface Session {
  SessionID: number
  SessionToken: string
}

/** A real session, created through the route as the browser's client creates it. */
async function createSession(request: APIRequestContext, visitor: string): Promise<Session> {
  const reply = await request.post(sessionRoute, { headers: { 'x-real-ip': visitor }, data: { serialNumber } })
  expect(reply.status()).toBe(200)
  const { Data } = (await reply.json()) as { Data: Session }
  expect(Data).toEqual({ SessionID: expect.any(Number), SessionToken: expect.stringMatching(/^v1\./) })
  return Data
}

/** `token` with its signed part kept and a signature made with a key that is not the app's. */
function resignedWithAGuessedKey(token: string): string {
  const signed = token.slice(0, token.lastIndexOf('.'))
  return `${signed}.${createHmac('sha256', 'a guessed key').update(signed).digest('base64url')}`
}

/** `token` valid a year longer, its signature kept. */
function withLaterExpiry(token: string): string {
  const [version, id, expiry, serial, signature] = token.split('.')
  return [version, id, String(Number(expiry) + 365 * 86_400_000), serial, signature].join('.')
}

test('a message with a forged session token, or the token of another session, is refused with 403 and nothing reaches the upstream', async ({ request, upstream }) => {
  const visitor = visitorAddress()
  const mine = await createSession(request, visitor)
  const another = await createSession(request, visitor)
  expect(another.SessionID).not.toBe(mine.SessionID)

  const send = (sessionToken: unknown, content: string) =>
    request.post(messageRoute, { headers: { 'x-real-ip': visitor }, data: { sessionID: mine.SessionID, content, sessionToken } })

  const forgeries = {
    'no token': undefined,
    'a token re-signed with a guessed key': resignedWithAGuessedKey(mine.SessionToken),
    'a token whose expiry was pushed back': withLaterExpiry(mine.SessionToken),
    'the token of another session': another.SessionToken,
    "another session's token edited to name this session": another.SessionToken.replace(`v1.${another.SessionID}.`, `v1.${mine.SessionID}.`),
  }
  const refusals = await upstream.callsDuring(async () => {
    for (const [forgery, sessionToken] of Object.entries(forgeries)) {
      const reply = await send(sessionToken, `Sent with ${forgery}`)
      expect(reply.status(), forgery).toBe(403)
      const text = await reply.text()
      expect(JSON.parse(text), forgery).toMatchObject({ Data: null, Success: false, Code: 403 })
      expect(text.includes(canaryKey), forgery).toBe(false)
    }
  })
  expect(refusals).toEqual([])

  // The session's own token, on the same session id, is what lets a message through.
  const accepted = await upstream.callsDuring(async () => {
    const reply = await send(mine.SessionToken, 'Sent with my own token')
    expect(reply.status()).toBe(200)
    expect(await reply.json()).toMatchObject({ Success: true, Data: { content: 'You said: Sent with my own token' } })
  })
  expect(accepted.map(({ path, body }) => ({ path, body }))).toEqual([
    { path: '/chat/Chat/ClientAsk', body: { sessionID: mine.SessionID, content: 'Sent with my own token', stream: false } },
  ])
})
