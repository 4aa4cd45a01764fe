import { describe, expect, it } from 'vitest'
import { skipNotices } from './skip-notice-reporter'
import { findBinary, REDIS_SERVER, suiteName } from './system-binary'

const present = (path: string) => (candidate: string) => candidate === path

describe('findBinary: run, skip or fail the tests that need a system binary', () => {
  it('finds it at its default path', () => {
    expect(findBinary(REDIS_SERVER, {}, present('/usr/bin/redis-server'))).toEqual({ status: 'found', path: '/usr/bin/redis-server' })
  })

  it('finds it where its variable points', () => {
    expect(findBinary(REDIS_SERVER, { REDIS_SERVER: '/opt/redis/bin/redis-server' }, present('/opt/redis/bin/redis-server'))).toEqual({
      status: 'found',
      path: '/opt/redis/bin/redis-server',
    })
  })

  it('an empty variable means the default path', () => {
    expect(findBinary(REDIS_SERVER, { REDIS_SERVER: '' }, present('/usr/bin/redis-server')).status).toBe('found')
  })

  it('missing outside CI: skip, with a notice that names the path and the install command', () => {
    const lookup = findBinary(REDIS_SERVER, {}, () => false)
    expect(lookup).toEqual({
      status: 'skip',
      path: '/usr/bin/redis-server',
      notice:
        'redis-server not found at /usr/bin/redis-server, so its tests were skipped. For the full run: apt-get install -y redis-server ' +
        '(or REDIS_SERVER=/path/to/redis-server npm test).',
    })
  })

  it.each(['true', '1'])('missing under CI=%s: fail, never skip', (ci) => {
    const lookup = findBinary(REDIS_SERVER, { CI: ci }, () => false)
    expect(lookup.status).toBe('fail')
    expect(lookup).toMatchObject({ message: expect.stringContaining('apt-get install -y redis-server') })
  })

  it('CI=false is not CI', () => {
    expect(findBinary(REDIS_SERVER, { CI: 'false' }, () => false).status).toBe('skip')
  })
})

describe('the notice after the summary', () => {
  const skipped = findBinary(REDIS_SERVER, {}, () => false)

  it('a skipped suite carries its reason in its name; a running one keeps its name', () => {
    expect(suiteName('the Redis store', skipped)).toBe(`the Redis store [skipped: ${skipped.status === 'skip' && skipped.notice}]`)
    expect(suiteName('the Redis store', { status: 'found', path: '/usr/bin/redis-server' })).toBe('the Redis store')
  })

  it('names each file with a skipped suite once, with the reason; other files are not named', () => {
    const modules = [
      { file: 'test/server/a.test.ts', suiteNames: ['plain suite'] },
      { file: 'test/server/rate-limit/redis-store.test.ts', suiteNames: [suiteName('the Redis store', skipped), suiteName('two instances', skipped)] },
    ]
    expect(skipNotices(modules)).toEqual([
      'Skipped test/server/rate-limit/redis-store.test.ts: redis-server not found at /usr/bin/redis-server, so its tests were skipped. ' +
        'For the full run: apt-get install -y redis-server (or REDIS_SERVER=/path/to/redis-server npm test).',
    ])
  })

  it('says nothing when nothing was skipped', () => {
    expect(skipNotices([{ file: 'test/a.test.ts', suiteNames: ['a', 'b'] }])).toEqual([])
  })
})
