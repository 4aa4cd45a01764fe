// Runs the React commit count (bench/react/*.bench-test.tsx) in a vitest child process with jsdom and
// reads back the counts it writes.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median } from './stats.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * Median commits from mutate() to success for useChatSession and for the plain useMutation baseline, and per
 * message exchange for useChat and for useMutation + useState by hand.
 */
export function measureReactCommits() {
  const dir = mkdtempSync(join(tmpdir(), 'hottask-bench-'))
  const out = join(dir, 'react-commits.json')
  try {
    const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')
    const run = spawnSync(process.execPath, [vitest, 'run', '--config', 'bench/vitest.bench.config.ts'], {
      cwd: root,
      env: { ...process.env, HOTTASK_BENCH_OUT: out },
      encoding: 'utf8',
    })
    if (run.status !== 0) throw new Error(`vitest (React commits) failed:\n${run.stdout}\n${run.stderr}`)
    const runs = JSON.parse(readFileSync(out, 'utf8'))
    const commits = (name) => median(runs[name].map((r) => r.toSuccess))
    const settled = (name) => median(runs[name].map((r) => r.afterSettling))
    const exchange = (name) => median(runs.chat[name].map((r) => r.toAnswer))
    return {
      chatCommits: exchange('library'),
      baselineChatCommits: exchange('baseline'),
      commits: commits('library'),
      baselineCommits: commits('baseline'),
      commitsAfterSettling: settled('library'),
      baselineCommitsAfterSettling: settled('baseline'),
      runs,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
