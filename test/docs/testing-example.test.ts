// @vitest-environment jsdom
// Runs the Vitest example of docs/testing.md exactly as the page prints it, against the page's own chat
// component: the docs project's plugin serves both blocks as modules.
import 'docs:docs/testing.md:app/chat.test.tsx'
