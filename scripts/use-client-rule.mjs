// Which emitted React modules need 'use client' (shared by scripts/build-esm.mjs and scripts/check-use-client.mjs):
// those that call React's hooks or make a context, i.e. import a `use…` function or `createContext` from react or
// @tanstack/react-query. Modules of plain functions (options factories, the chat runner) do not: they run
// wherever they are imported from.
const PEER_IMPORT = /^import\s*\{([^}]*)\}\s*from\s*"(?:react|@tanstack\/react-query)";?$/gm

/** Whether the emitted ESM `code` of a React module calls React (hooks, context), and so must start with 'use client'. */
export function needsUseClient(code) {
  for (const [, names] of code.matchAll(PEER_IMPORT))
    for (const name of names.split(',').map((binding) => binding.trim().split(/\s+as\s+/)[0]))
      if (/^use[A-Z]/.test(name) || name === 'createContext') return true
  return false
}

/** Whether `code` starts with the 'use client' directive on line 1. */
export const startsWithUseClient = (code) => /^(['"])use client\1;?\r?\n/.test(code)
