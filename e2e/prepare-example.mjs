#!/usr/bin/env node
// The step before `playwright test` in `npm run test:e2e` (Playwright starts its web servers before any
// globalSetup, so the app must be built first): build and pack the library, install the example from its
// own lockfile, install the tarball over it, and `next build` the example with no HotTask variable in the
// environment, as CI and Docker builds run. A failing step exits non-zero and `playwright test` never starts.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const example = join(root, 'examples', 'nextjs')
const startedAt = performance.now()
const step = (text) => console.log(`\n=== e2e prepare [${((performance.now() - startedAt) / 1000).toFixed(1)} s]: ${text}`)

/** Runs a command to completion; resolves with its stdout when `capture` is set, else shows it. */
function run(command, args, { cwd, env = process.env, capture = false }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] })
    let stdout = ''
    child.stdout?.on('data', (chunk) => (stdout += chunk))
    child.on('error', reject)
    child.on('exit', (code, signal) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}) in ${cwd}`)),
    )
  })
}

/** The environment without any HOTTASK_ variable: the build must need none of them. */
function environmentWithoutHotTask() {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  for (const name of Object.keys(env)) if (name.startsWith('HOTTASK_')) delete env[name]
  return env
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

step('build and pack the library')
await run('npm', ['run', 'build'], { cwd: root, env })
const packDir = await mkdtemp(join(tmpdir(), 'react-hottask-pack-'))
try {
  const packed = await run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: root, env, capture: true })
  const tarball = join(packDir, JSON.parse(packed)[0].filename)
  console.log(`packed ${tarball}`)

  step('install the example from its lockfile, then the tarball over it')
  const manifests = ['package.json', 'package-lock.json'].map((name) => join(example, name))
  const manifestsBefore = manifests.map((file) => readFileSync(file, 'utf8'))
  await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: example, env })
  await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', tarball], { cwd: example, env })
  // --no-save must leave them alone, or the example's own `npm ci` (and its README's steps) would break.
  const changed = manifests.filter((file, index) => readFileSync(file, 'utf8') !== manifestsBefore[index])
  if (changed.length > 0) throw new Error(`installing the tarball changed ${changed.join(', ')}`)
} finally {
  await rm(packDir, { recursive: true, force: true })
}

step('next build, with no HOTTASK_ variable in the environment')
await rm(join(example, '.next'), { recursive: true, force: true })
await run(process.execPath, [join(example, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
  cwd: example,
  env: environmentWithoutHotTask(),
})
step('ready for playwright test')
