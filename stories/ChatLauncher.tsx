import type { ReactNode } from 'react'
import { useChatSession, useHotTaskClient, type HotTaskError, type HotTaskErrorKind } from '../src/react'
import './chat-launcher.css'

/** Props of {@link ChatLauncher}. */
export interface ChatLauncherProps {
  /** The chatbot's serial number, as HotTask's dashboard shows it. */
  serialNumber: string
}

/** What each error kind means to the person at the page. */
const ERROR_TITLES: Record<HotTaskErrorKind, string> = {
  'invalid-input': 'This chatbot id is not valid',
  config: 'The chat is not set up correctly',
  network: 'Cannot reach the chat service',
  timeout: 'The chat service took too long to answer',
  http: 'The chat service answered with an error',
  api: 'The chat service refused to open a chat',
  'invalid-response': 'The chat service sent a reply we cannot read',
  aborted: 'Opening the chat was cancelled',
}

function ErrorFacts({ error }: { error: HotTaskError }) {
  return (
    <p className="hottask-launcher__detail">
      Error kind <code>{error.kind}</code>
      {error.status !== undefined && <> · HTTP {error.status}</>}
      {error.code !== undefined && <> · Code {error.code}</>}
    </p>
  )
}

/**
 * A demo "Chat with us" card: one button that creates a HotTask chat session with `useChatSession`, and a
 * live status region that says what is happening (connecting, retrying with the attempt number, the new
 * session, or what went wrong and whether trying again may help).
 */
export function ChatLauncher({ serialNumber }: ChatLauncherProps) {
  const chat = useChatSession(serialNumber)
  const { maxRetries } = useHotTaskClient()
  const retrying = chat.isPending && chat.failureCount > 0
  const state = retrying ? 'retrying' : chat.status

  let title: string
  let details: ReactNode = null
  if (retrying) {
    title = `Retrying: attempt ${chat.failureCount + 1} of ${maxRetries + 1}`
    const reason = chat.failureReason
    details = reason && (
      <>
        <p className="hottask-launcher__detail">Last attempt: {reason.message}</p>
        {reason.retryAfterMs !== undefined && (
          <p className="hottask-launcher__detail">The server asked us to wait {reason.retryAfterMs / 1000} s.</p>
        )}
      </>
    )
  } else if (chat.isPending) {
    title = 'Connecting…'
  } else if (chat.isSuccess) {
    title = `Chat session ${chat.data.sessionId} is ready.`
    details = <p className="hottask-launcher__detail">API version {chat.data.version || 'unknown'}</p>
  } else if (chat.isError) {
    const { error } = chat
    title = ERROR_TITLES[error.kind]
    details = (
      <>
        <ErrorFacts error={error} />
        <p className="hottask-launcher__detail">{error.message}</p>
        <p className="hottask-launcher__detail">
          {error.retryable ? 'This may pass if you try again.' : 'Trying again will not help until this is fixed.'}
        </p>
      </>
    )
  } else {
    title = 'Press “Start chat” to talk to us.'
  }

  const buttonLabel = chat.isPending ? 'Connecting…' : chat.isError ? 'Try again' : chat.isSuccess ? 'Start a new chat' : 'Start chat'

  return (
    // Not a landmark: the guide shows several launchers on one page, and six regions all named "Chat with us" would
    // be six identical stops in a screen reader's landmark list (axe: landmark-unique).
    <div className="hottask-launcher">
      <h2>Chat with us</h2>
      <p className="hottask-launcher__chatbot">
        Chatbot <code>{JSON.stringify(serialNumber)}</code>
      </p>
      <div className="hottask-launcher__status" role="status" aria-live="polite" aria-atomic="true" data-state={state}>
        <p className="hottask-launcher__title">{title}</p>
        {details}
      </div>
      <button type="button" onClick={() => chat.mutate()} disabled={chat.isPending} aria-busy={chat.isPending}>
        {buttonLabel}
      </button>
    </div>
  )
}
