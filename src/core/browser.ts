/**
 * True where the code runs on a visitor's device, so a secret key in it can be read: any global `window`
 * (a page, jsdom, and React Native, which has `window` but no `document`), or a Web Worker. Deno, whose
 * servers had a `window` until Deno 2, and Cloudflare Workers, whose global scope descends from the Web
 * Worker one, are servers. The one definition of "in a browser" for the whole package.
 */
export function isBrowser(): boolean {
  const scope = globalThis as { WorkerGlobalScope?: abstract new () => unknown; Deno?: unknown }
  const workerScope = scope.WorkerGlobalScope
  return (
    (typeof window !== 'undefined' && scope.Deno === undefined) ||
    (typeof workerScope === 'function' && globalThis instanceof workerScope && globalThis.navigator?.userAgent !== 'Cloudflare-Workers')
  )
}
