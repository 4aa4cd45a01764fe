'use client'

import { useState } from 'react'
import { HotTaskProvider, useChatSession, type HotTaskError, type UseChatSessionResult } from 'react-hottask'

/**
 * The browser side of the proxy mode: no key here, only the path of this app's route handler.
 * `serialNumber` is a chatbot on the server's allow-list (a chatbot id is public; the key is not).
 */
export function ChatLauncher({ serialNumber }: { serialNumber: string }) {
  return (
    <HotTaskProvider config={{ baseUrl: '/api/hottask' }}>
      <StartChat serialNumber={serialNumber} />
      <TryAnotherSerialNumber />
    </HotTaskProvider>
  )
}

function StartChat({ serialNumber }: { serialNumber: string }) {
  const chat = useChatSession(serialNumber)
  return (
    <section aria-labelledby="start-chat">
      <h2 id="start-chat">Chatbot {serialNumber}</h2>
      <button type="button" onClick={() => chat.mutate()} disabled={chat.isPending}>
        Start chat
      </button>
      <Outcome chat={chat} testId="allowed" />
    </section>
  )
}

/** Any serial number the visitor types: one off the server's allow-list is refused with a 403. */
function TryAnotherSerialNumber() {
  const [serialNumber, setSerialNumber] = useState('not-on-the-allow-list')
  const chat = useChatSession(serialNumber)
  return (
    <section aria-labelledby="another-serial">
      <h2 id="another-serial">Another chatbot</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          chat.mutate()
        }}
      >
        <label>
          Serial number{' '}
          <input
            name="serialNumber"
            value={serialNumber}
            onChange={(event) => {
              setSerialNumber(event.target.value)
              chat.reset()
            }}
          />
        </label>{' '}
        <button type="submit" disabled={chat.isPending}>
          Try this serial number
        </button>
      </form>
      <Outcome chat={chat} testId="other" />
    </section>
  )
}

function Outcome({ chat, testId }: { chat: UseChatSessionResult; testId: string }) {
  if (chat.isPending)
    return <p>Starting…{chat.failureCount > 0 ? ` (attempt ${chat.failureCount + 1})` : ''}</p>
  if (chat.isSuccess) return <p data-testid={`${testId}-session`}>Session ID: {chat.data.sessionId}</p>
  if (chat.isError) return <ErrorNotice error={chat.error} testId={testId} />
  return null
}

function ErrorNotice({ error, testId }: { error: HotTaskError; testId: string }) {
  return (
    <p role="alert" data-testid={`${testId}-error`} style={{ color: '#b00020' }}>
      Error ({error.kind}
      {error.status === undefined ? '' : ` ${error.status}`}): {error.message}
      {error.retryable ? ' You can try again.' : ''}
    </p>
  )
}
