// @vitest-environment jsdom
// Runs the README's Vitest example ("Mocking HotTask in your tests") exactly as the README prints it, against
// the README's own quick-start component: the readme project's plugin serves both blocks as modules.
import 'docs:README.md:app/chat-launcher.test.tsx'
