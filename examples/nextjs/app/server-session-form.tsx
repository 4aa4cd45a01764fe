'use client'

import { useActionState } from 'react'
import { createSessionOnServer, type ServerSessionState } from './create-session-on-server'

const idle: ServerSessionState = { status: 'idle' }

/** A form posting to the Server Action: the session is created on the server, the page gets its id. */
export function ServerSessionForm({ serialNumber }: { serialNumber: string }) {
  const [state, createSession, isPending] = useActionState(createSessionOnServer, idle)
  return (
    <section aria-labelledby="server-action">
      <h2 id="server-action">From a Server Action</h2>
      <form action={createSession}>
        <label>
          Serial number <input name="serialNumber" defaultValue={serialNumber} />
        </label>{' '}
        <button type="submit" disabled={isPending}>
          Create on the server
        </button>
      </form>
      {isPending ? <p>Creating…</p> : <ServerSessionOutcome state={state} />}
    </section>
  )
}

function ServerSessionOutcome({ state }: { state: ServerSessionState }) {
  switch (state.status) {
    case 'idle':
      return null
    case 'created':
      return <p data-testid="server-session">Session ID: {state.sessionId}</p>
    default:
      return (
        <p role="alert" data-testid="server-error" style={{ color: '#b00020' }}>
          {state.status === 'refused' ? 'Refused' : 'Failed'}: {state.message}
        </p>
      )
  }
}
