'use server'

// The core client, not `react-hottask`: that entry is "use client", so on the server its createHotTaskClient
// is only a reference to browser code, and calling it throws ("… from the server but createHotTaskClient
// is on the client").
import { createHotTaskClient, isHotTaskError } from 'react-hottask/core'
import { allowedSerialNumbers } from './allowed-serial-numbers'

/** What the form shows after the action ran: never more than the session id (the key stays here). */
export type ServerSessionState =
  | { status: 'idle' }
  | { status: 'created'; serialNumber: string; sessionId: number }
  | { status: 'refused' | 'failed'; message: string }

/**
 * A Server Action: creates a HotTask chat session on the server with the secret key from the environment.
 * An action is a public POST endpoint that anyone can call with any form data, so it checks the serial
 * number against the allow-list itself, whatever the page offered.
 */
export async function createSessionOnServer(_previous: ServerSessionState, form: FormData): Promise<ServerSessionState> {
  const serialNumber = String(form.get('serialNumber') ?? '').trim()
  if (!allowedSerialNumbers().includes(serialNumber))
    return { status: 'refused', message: 'This server does not create sessions for that chatbot.' }

  const apiKey = process.env.HOTTASK_API_KEY
  if (!apiKey) {
    console.error('createSessionOnServer: HOTTASK_API_KEY is not set')
    return { status: 'failed', message: 'The server is not configured.' }
  }
  // A new client per call reads the environment each time, so a rotated key is picked up. Its in-flight
  // sharing stays off (the default): two visitors must never receive one session.
  const client = createHotTaskClient({ apiKey, baseUrl: process.env.HOTTASK_BASE_URL || undefined })
  try {
    const { sessionId } = await client.createChatSession(serialNumber)
    return { status: 'created', serialNumber, sessionId }
  } catch (error) {
    if (!isHotTaskError(error)) throw error
    console.error('createSessionOnServer:', error) // the key is scrubbed from HotTaskError's message and fields
    return { status: 'failed', message: `No session: ${error.kind}${error.status === undefined ? '' : ` ${error.status}`}.` }
  }
}
