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

/**
 * What the visitor sees of one `useChatSession`: progress (with the retry the hook is waiting for, e.g. after
 * a 429 from the route's rate limit), the session, or the error with a way to try again when it may pass.
 */
function Outcome({ chat, testId }: { chat: UseChatSessionResult; testId: string }) {
  if (chat.isPending)
    return (
      <p data-testid={`${testId}-pending`}>
        {chat.failureCount > 0 && chat.failureReason
          ? `Retrying (attempt ${chat.failureCount + 1}) after ${describe(chat.failureReason)}…`
          : 'Starting…'}
      </p>
    )
  if (chat.isSuccess) return <p data-testid={`${testId}-session`}>Session ID: {chat.data.sessionId}</p>
  if (chat.isError)
    return (
      <>
        <ErrorNotice error={chat.error} testId={testId} />
        {chat.error.retryable ? (
          <button
            type="button"
            onClick={() => {
              chat.reset()
              chat.mutate()
            }}
          >
            Try again
          </button>
        ) : null}
      </>
    )
  return null
}

/** "http 429", "network", …: the error's kind and status, short enough for a progress line. */
function describe(error: HotTaskError): string {
  return error.status === undefined ? error.kind : `${error.kind} ${error.status}`
}

function ErrorNotice({ error, testId }: { error: HotTaskError; testId: string }) {
  return (
    <p role="alert" data-testid={`${testId}-error`} style={{ color: '#b00020' }}>
      Error ({describe(error)}): {error.message}
    </p>
  )
}
