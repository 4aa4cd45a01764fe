/**
 * True in a browser page (`window` and `document`, jsdom included) or a Web Worker. Cloudflare Workers are
 * servers, though their global scope descends from the Web Worker one.
 */
export function isBrowser(): boolean {
  const workerScope = (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope
  return (
    (typeof window !== 'undefined' && typeof document !== 'undefined') ||
    (typeof workerScope === 'function' &&
      globalThis instanceof workerScope &&
      globalThis.navigator?.userAgent !== 'Cloudflare-Workers')
  )
}
