#!/usr/bin/env node
// End-to-end test of the Next.js example against the packed package, in Debian's Chromium:
// build + pack the library, install the tarball into examples/nextjs, `next build`, `next start` against a
// fake upstream on loopback, then click through the page and check that the secret key never reaches
// the browser while the upstream does receive it.
import { randomBytes, randomInt } from 'node:crypto'
import { existsSync, lstatSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { startFakeUpstream } from './e2e/fake-upstream.mjs'
import { filesContaining } from './e2e/files-containing.mjs'
import { freePort } from './e2e/free-port.mjs'
import { capture, run, startServer, stopRunning, waitUntilServing } from './e2e/processes.mjs'

const startedAt = performance.now()
const root = dirname(dirname(fileURLToPath(import.meta.url)))
const example = join(root, 'examples', 'nextjs')
const nextBin = join(example, 'node_modules', 'next', 'dist', 'bin', 'next')
const chromiumConfig = JSON.parse(readFileSync(join(root, 'scripts', 'chromium.json'), 'utf8'))
const chromiumPath = process.env.CHROMIUM_PATH ?? chromiumConfig.executablePath
const chromiumArgs = chromiumConfig.args

const canary = `sk-canary-${randomBytes(12).toString('hex')}`
const sessionId = randomInt(100_000, 1_000_000_000)
const allowedSerial = 'e2e-allowed-chatbot'
const refusedSerial = 'e2e-not-on-the-allow-list'
const forgedKey = 'sk-forged-by-the-browser'

/** `promise`, or a rejection naming `what` once `ms` have passed. */
function withTimeout(promise, ms, what) {
  let timer
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out ${what}`)), ms)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

const results = []
/** Records one named assertion; the summary counts them. */
function check(name, ok, detail = '') {
  results.push({ name, ok })
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${!ok && detail ? `\n     ${detail}` : ''}`)
}
const seconds = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`
const step = (text) => console.log(`\n=== e2e [${seconds()}]: ${text}`)

const cleanups = [stopRunning]
let nextServer

async function main() {
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (apt-get install chromium)`)
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

  step('build and pack the library')
  await run('npm', ['run', 'build'], { cwd: root, env })
  const packDir = await mkdtemp(join(tmpdir(), 'react-hottask-pack-'))
  cleanups.push(() => rm(packDir, { recursive: true, force: true }))
  const [{ filename }] = JSON.parse(await capture('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: root, env }))
  const tarball = join(packDir, filename)
  console.log(`packed ${tarball}`)

  step('install the example, then the tarball over it')
  const manifests = ['package.json', 'package-lock.json'].map((name) => join(example, name))
  const manifestsBefore = manifests.map((file) => readFileSync(file, 'utf8'))
  await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: example, env })
  await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', tarball], { cwd: example, env })
  check(
    "the example's package.json and package-lock.json are untouched (npm ci keeps working)",
    manifests.every((file, index) => readFileSync(file, 'utf8') === manifestsBefore[index]),
  )
  const installed = join(example, 'node_modules', 'react-hottask')
  const installedVersion = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).version
  const libraryVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version
  check(
    'react-hottask is installed from the tarball (a real folder, not a link to the sources)',
    !lstatSync(installed).isSymbolicLink() && !existsSync(join(installed, 'src')) && installedVersion === libraryVersion,
    `symlink: ${lstatSync(installed).isSymbolicLink()}, version ${installedVersion} vs ${libraryVersion}`,
  )

  step('next build (with the canary key in the environment, to catch it being bundled)')
  await rm(join(example, '.next'), { recursive: true, force: true })
  await run(process.execPath, [nextBin, 'build'], { cwd: example, env: { ...env, HOTTASK_API_KEY: canary } })

  step('fake upstream and next start')
  const upstream = await startFakeUpstream({ sessionId })
  cleanups.push(() => upstream.close())
  const port = await freePort()
  const appUrl = `http://127.0.0.1:${port}`
  nextServer = startServer(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: example,
    env: {
      ...env,
      HOTTASK_API_KEY: canary,
      HOTTASK_SERIAL_NUMBERS: allowedSerial,
      HOTTASK_BASE_URL: upstream.url,
    },
  })
  cleanups.push(() => nextServer.stop())
  await waitUntilServing(appUrl, nextServer)
  console.log(`app at ${appUrl}, fake upstream at ${upstream.url}`)

  step('drive the page in Chromium')
  // Signals are ours to handle: Playwright's own SIGINT handler would exit before the servers are stopped.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  })
  cleanups.push(() => browser.close())
  const page = await browser.newPage()
  const pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  const responses = []
  const pendingReads = []
  const unreadResponses = []
  page.on('response', (response) => {
    const read = (async () => {
      const headers = await response.allHeaders()
      const body = await response.body().catch(() => Buffer.alloc(0)) // redirects have none
      responses.push({ url: response.url(), status: response.status(), headers, body })
    })()
    pendingReads.push(withTimeout(read, 15_000, `reading ${response.url()}`).catch((error) => unreadResponses.push(error.message)))
  })

  const documentResponse = await page.goto(appUrl)
  const html = (await documentResponse?.text()) ?? ''
  check('the page loads (200) and renders the launcher', documentResponse?.status() === 200 && html.includes('Start chat'))

  await page.getByRole('button', { name: 'Start chat' }).click()
  const sessionText = (await page.getByTestId('allowed-session').textContent({ timeout: 20_000 }))?.trim()
  console.log(`browser saw: "${sessionText}"`)
  check('"Start chat" shows the session id from the upstream', sessionText === `Session ID: ${sessionId}`, `saw "${sessionText}"`)

  const [call] = upstream.requests
  check(
    'the upstream received one call, with the server key as Authorization and the serial number',
    upstream.requests.length === 1 &&
      call.method === 'POST' &&
      call.path === '/chat/Chatbot/GetSession' &&
      call.authorization === canary &&
      JSON.parse(call.body).serialNumber === allowedSerial,
    JSON.stringify(upstream.requests.map(({ authorization, ...rest }) => ({ ...rest, authorizationIsCanary: authorization === canary }))),
  )

  await page.getByLabel('Serial number').fill(refusedSerial)
  const [refusalResponse] = await Promise.all([
    page.waitForResponse((response) => response.url().endsWith('/api/hottask/chat/Chatbot/GetSession')),
    page.getByRole('button', { name: 'Try this serial number' }).click(),
  ])
  const refusalStatus = refusalResponse.status()
  const refusalText = (await page.getByTestId('other-error').textContent({ timeout: 20_000 }))?.trim() ?? ''
  console.log(`browser saw: "${refusalText}" (HTTP ${refusalStatus})`)
  check(
    'a serial number off the allow-list is refused: HTTP 403, shown as kind http, nothing sent upstream',
    refusalStatus === 403 && refusalText.startsWith('Error (http 403)') && upstream.requests.length === 1,
    `status ${refusalStatus}, text "${refusalText}", upstream calls ${upstream.requests.length}`,
  )

  // A browser cannot choose the key: the handler always sends its own, whatever Authorization it was given.
  const forgedStatus = await page.evaluate(
    async ({ serialNumber, key }) => {
      const reply = await fetch('/api/hottask/chat/Chatbot/GetSession', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: key },
        body: JSON.stringify({ serialNumber }),
      })
      await reply.text() // until the body is read, Chromium never reports it finished (and we record it)
      return reply.status
    },
    { serialNumber: allowedSerial, key: forgedKey },
  )
  const forwarded = upstream.requests[1]
  check(
    'a browser-sent Authorization is replaced by the server key',
    forgedStatus === 200 && upstream.requests.length === 2 && forwarded?.authorization === canary,
    `status ${forgedStatus}, upstream saw ${forwarded?.authorization === forgedKey ? 'the forged key' : String(forwarded?.authorization === canary)}`,
  )

  const screenshot = join(tmpdir(), `react-hottask-e2e-${Date.now()}.png`)
  await page.screenshot({ path: screenshot, fullPage: true })
  console.log(`screenshot: ${screenshot}`)

  const domText = await page.content()
  await Promise.all(pendingReads)
  check('no uncaught errors in the page', pageErrors.length === 0, pageErrors.join(' | '))
  check('every response the browser received could be read', unreadResponses.length === 0, unreadResponses.join(' | '))

  step('look for the key everywhere the browser could see it')
  const leaks = responses.filter(
    ({ headers, body }) => body.includes(canary) || Object.values(headers).some((value) => value.includes(canary)),
  )
  check(
    `the key is in none of the ${responses.length} responses the browser received (bodies and headers)`,
    responses.length > 0 && leaks.length === 0,
    leaks.map(({ url }) => url).join(', '),
  )
  check('the key is not in the HTML nor the rendered DOM', !html.includes(canary) && !domText.includes(canary))
  const { hits, scanned } = await filesContaining(join(example, '.next', 'static'), canary)
  check(`the key is in none of the ${scanned} files under .next/static`, scanned > 0 && hits.length === 0, hits.join(', '))
}

/** Runs the cleanups, last registered first, each once. */
async function cleanUp() {
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop()
    try {
      await cleanup()
    } catch (error) {
      console.error(`e2e: cleanup failed: ${error.message}`)
    }
  }
}

/** Stops everything this script started, then exits: for a hung step or a signal. */
let abandoned = false
async function abandon(reason, exitCode) {
  if (abandoned) return
  abandoned = true
  console.error(`\ne2e: FAILED: ${reason}`)
  await cleanUp()
  if (nextServer) console.error(`--- next start output ---\n${nextServer.output()}`)
  console.log(`\ne2e: ${results.filter(({ ok }) => ok).length} passed, ${results.filter(({ ok }) => !ok).length + 1} failed`)
  console.log(`e2e: wall time ${seconds()}`)
  process.exit(exitCode)
}

// A hung step must not hold the job forever.
const deadlineMs = Number(process.env.E2E_TIMEOUT_MS ?? 15 * 60_000)
const watchdog = setTimeout(() => abandon(`still running after ${deadlineMs / 1000} s`, 1), deadlineMs)
// The servers run in their own process groups, so a Ctrl-C or a cancelled CI job would not reach them.
process.once('SIGINT', () => abandon('interrupted (SIGINT)', 130))
process.once('SIGTERM', () => abandon('terminated (SIGTERM)', 143))
process.on('unhandledRejection', (error) => abandon(`unhandled rejection: ${error?.stack ?? error}`, 1))

let crashed
try {
  await main()
} catch (error) {
  crashed = error
} finally {
  // Once abandon() has started, it reports and exits; what main() does after that is noise.
  if (!abandoned) {
    clearTimeout(watchdog)
    if (crashed) console.error(`\ne2e: FAILED: ${crashed.stack ?? crashed}`)
    await cleanUp()
  }
}

if (!abandoned) {
  const failed = results.filter(({ ok }) => !ok).length + (crashed ? 1 : 0)
  if (failed > 0 && nextServer) console.error(`--- next start output ---\n${nextServer.output()}`)
  const passed = results.filter(({ ok }) => ok).length
  console.log(`\ne2e: ${passed} passed, ${failed} failed`)
  console.log(`e2e: wall time ${seconds()}`)
  process.exitCode = failed > 0 ? 1 : 0
}
