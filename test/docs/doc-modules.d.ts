/** The code blocks of the docs pages, served as modules by test/docs/doc-modules-plugin.ts. */
declare module 'docs:*'
