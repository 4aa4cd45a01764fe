/**
 * One fixed-window hit, atomically in Redis: counts it, starts the window (its expiry) on the first hit, and
 * returns `{ count, ms left in the window }`. Taking the time left from Redis, not from each app server's clock,
 * keeps every instance's `Retry-After` the same. A key left without an expiry (written by something else) gets one.
 */
export const HIT_SCRIPT = [
  "local count = redis.call('INCR', KEYS[1])",
  "local ttl = redis.call('PTTL', KEYS[1])",
  'if ttl < 0 then',
  "  redis.call('PEXPIRE', KEYS[1], ARGV[1])",
  '  ttl = tonumber(ARGV[1])',
  'end',
  'return { count, ttl }',
  '',
].join('\n')

/** SHA-1 of {@link HIT_SCRIPT}, for `EVALSHA` (a test checks it against Redis's `SCRIPT LOAD`). */
export const HIT_SCRIPT_SHA1 = '38bf7fe1dcf30eebfe5d95c26e04a4e7940b21ac'
