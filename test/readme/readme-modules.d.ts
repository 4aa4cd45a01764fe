/** README.md's code blocks, served as modules by test/readme/readme-modules-plugin.ts. */
declare module 'readme:*'
