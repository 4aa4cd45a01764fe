'use client'

import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { MAX_MESSAGE_LENGTH, useChat, type ChatMessage, type HotTaskError } from 'react-hottask'
import './chat-widget.css'

/** Props of {@link ChatWidget}. */
export interface ChatWidgetProps {
  /** The chatbot's serial number, as HotTask's dashboard shows it (public: the key is not). */
  serialNumber: string
  /** The widget's heading. */
  title?: string
}

/** What went wrong, in the visitor's words, and what they can do about it. */
function problemOf(error: HotTaskError): string {
  if (error.kind === 'http' && error.status === 429) {
    const seconds = error.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(error.retryAfterMs / 1000))
    return `You are sending messages faster than this chat allows. Try again ${seconds ? `in ${seconds} s` : 'in a moment'}.`
  }
  if (error.kind === 'http' && error.status === 403) return 'This chat is no longer open. Retry to start a new one.'
  switch (error.kind) {
    case 'invalid-input':
      return error.message
    case 'network':
      return 'The chat could not be reached. Check your connection, then retry.'
    case 'timeout':
      return 'The chatbot took too long to answer. Retry to ask again.'
    case 'aborted':
      return 'Stopped before the chatbot answered.'
    default:
      return 'The chatbot could not answer right now. Retry in a moment.'
  }
}

/** What a screen reader announces after a change: the newest answer, or why the newest message was not sent. */
function announcementOf(messages: ChatMessage[]): string {
  const last = messages[messages.length - 1]
  if (last?.role === 'assistant') return `The chatbot replied: ${last.content}`
  if (last?.status === 'failed' && last.error) return `Your message was not sent. ${problemOf(last.error)}`
  return ''
}

function Message({ message, onRetry }: { message: ChatMessage; onRetry: (id: string) => void }) {
  const problemId = useId()
  const mine = message.role === 'user'
  return (
    <li className="hottask-chat__message" data-role={message.role} data-status={message.status}>
      <span className="hottask-chat__author">{mine ? 'You' : 'Chatbot'}</span>
      <p className="hottask-chat__text">{message.content}</p>
      {message.status === 'sending' && <span className="hottask-chat__note">Sending…</span>}
      {message.status === 'failed' && message.error && (
        <div className="hottask-chat__failure">
          <span id={problemId}>{problemOf(message.error)}</span>
          <button type="button" onClick={() => onRetry(message.id)} aria-describedby={problemId}>
            Retry
          </button>
        </div>
      )}
    </li>
  )
}

/**
 * A chat with a HotTask chatbot, built on `useChat`: the conversation, a typing indicator while the answer is on
 * its way, each failed message with its Retry button, and a labelled textarea (Enter sends, Shift+Enter adds a
 * line). Answers and failures are announced to screen readers. Put it under a `HotTaskProvider`.
 *
 * Keyboard focus never falls back to the page: after Send, Stop, Retry, Dismiss and New conversation it is in the
 * message box, so the visitor can type on. The conversation scrolls inside the widget and can be scrolled from the
 * keyboard (it is in the tab order). Restyle it with the `--hottask-chat-*` custom properties of chat-widget.css.
 */
export function ChatWidget({ serialNumber, title = 'Chat with us' }: ChatWidgetProps) {
  const chat = useChat(serialNumber)
  const [text, setText] = useState('')
  const titleId = useId()
  const inputId = useId()
  const hintId = useId()
  const listRef = useRef<HTMLOListElement>(null)
  const inputRef = useRef<HTMLTextAreaElement>(null)
  const waiting = chat.status === 'submitted'
  const empty = !text.trim()
  const started = chat.messages.length > 0 || waiting
  // A message's failure shows on that message; this banner is for the rest (text that cannot be sent).
  const shownOnMessage = chat.messages.some((message) => message.error?.message === chat.error?.message)
  const bannerError = shownOnMessage ? undefined : chat.error

  useEffect(() => {
    // The list scrolls, not the page: scrollIntoView would also scroll every scrollable ancestor, and at 200 % zoom
    // push the message box out of view.
    const list = listRef.current
    if (list) list.scrollTop = list.scrollHeight
  }, [chat.messages.length, waiting])

  /** Where the visitor carries on after a control they used goes away or turns off: the message box. */
  function backToMessageBox() {
    inputRef.current?.focus()
  }

  function send(event: FormEvent) {
    event.preventDefault()
    if (empty) return
    void chat.sendMessage(text)
    setText('')
    backToMessageBox()
  }

  function retry(id: string) {
    void chat.retry(id)
    backToMessageBox()
  }

  function stop() {
    chat.stop()
    backToMessageBox()
  }

  function startOver() {
    chat.reset()
    backToMessageBox()
  }

  function dismiss() {
    chat.clearError()
    backToMessageBox()
  }

  function sendOnEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter while an input method is composing (Japanese, Chinese…) confirms the characters; it must not send.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return
    event.preventDefault()
    event.currentTarget.form?.requestSubmit()
  }

  return (
    <section className="hottask-chat" aria-labelledby={titleId}>
      <header className="hottask-chat__header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" onClick={startOver} disabled={chat.messages.length === 0 && !chat.error}>
          New conversation
        </button>
      </header>

      {/* Once it holds messages it is in the tab order, so that the keyboard can scroll it (arrow keys); a list, so
          that screen readers say how many messages there are. Empty, it is skipped: the first stop is the message box. */}
      <ol ref={listRef} className="hottask-chat__messages" aria-label="Conversation" tabIndex={started ? 0 : undefined}>
        {chat.messages.length === 0 && <li className="hottask-chat__empty">Ask us anything: the chatbot answers here.</li>}
        {chat.messages.map((message) => (
          <Message key={message.id} message={message} onRetry={retry} />
        ))}
        {waiting && (
          <li className="hottask-chat__typing" data-role="assistant">
            <span className="hottask-chat__author">Chatbot</span>
            <span>is typing…</span>
          </li>
        )}
      </ol>

      <p className="hottask-chat__announcer" role="status" aria-live="polite">
        {announcementOf(chat.messages)}
      </p>

      {bannerError && (
        <div className="hottask-chat__banner" role="alert">
          <span>{problemOf(bannerError)}</span>
          <button type="button" onClick={dismiss}>
            Dismiss
          </button>
        </div>
      )}

      <form className="hottask-chat__form" onSubmit={send}>
        <label htmlFor={inputId}>Your message</label>
        <textarea
          ref={inputRef}
          id={inputId}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={sendOnEnter}
          rows={2}
          maxLength={MAX_MESSAGE_LENGTH}
          aria-describedby={hintId}
        />
        <p id={hintId} className="hottask-chat__hint">
          Enter sends, Shift+Enter starts a new line.
        </p>
        <div className="hottask-chat__actions">
          {waiting && (
            <button type="button" onClick={stop}>
              Stop
            </button>
          )}
          {/* aria-disabled, not disabled: a focused button that turns disabled drops the focus to the page. */}
          <button type="submit" aria-disabled={empty}>
            Send
          </button>
        </div>
      </form>
    </section>
  )
}
