/** An AbortSignal that counts its `abort` listeners: those added and not removed yet (`listening.size`). */
export function countedSignal() {
  const controller = new AbortController()
  const listening = new Set<unknown>()
  const { signal } = controller
  const add = signal.addEventListener.bind(signal)
  const remove = signal.removeEventListener.bind(signal)
  signal.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => {
    if (type === 'abort') listening.add(listener)
    add(type, listener, options)
  }) as typeof signal.addEventListener
  signal.removeEventListener = ((type: string, listener: EventListener, options?: EventListenerOptions) => {
    if (type === 'abort') listening.delete(listener)
    remove(type, listener, options)
  }) as typeof signal.removeEventListener
  return { controller, signal, listening }
}
