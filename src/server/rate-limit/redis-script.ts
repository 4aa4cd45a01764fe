/**
 * One fixed-window hit, atomically in Redis: counts it, starts the window (its expiry) on the first hit, and
 * returns `{ count, ms left in the window, the window's end }`. Taking the time left from Redis, not from each
 * app server's clock, keeps every instance's `Retry-After` the same. A key left without an expiry (written by
 * something else) gets one.
 *
 * The window's end is Redis's own clock (`TIME`, read after the writes, as Redis before 5.0 requires) plus the
 * time left: the key's expiry as an instant, which names this window among the key's windows, for
 * {@link TAKE_BACK_SCRIPT}. Only Redis's clock is read, so the app's clock can differ from it by any amount.
 */
export const HIT_SCRIPT = [
  "local count = redis.call('INCR', KEYS[1])",
  "local ttl = redis.call('PTTL', KEYS[1])",
  'if ttl < 0 then',
  "  redis.call('PEXPIRE', KEYS[1], ARGV[1])",
  '  ttl = tonumber(ARGV[1])',
  'end',
  "local time = redis.call('TIME')",
  'return { count, ttl, tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) + ttl }',
  '',
].join('\n')

/** SHA-1 of {@link HIT_SCRIPT}, for `EVALSHA` (a test checks it against Redis's `SCRIPT LOAD`). */
export const HIT_SCRIPT_SHA1 = '8e03b502202736bec5b8a57ad40f199784a04cae'

/**
 * Takes one hit back (`DECR`), for a hit that Redis ran after the store had stopped waiting for it (the request
 * was refused with a 503, so it must use up nothing). `ARGV[1]` is the end of the window the hit counted in, as
 * {@link HIT_SCRIPT} returned it, `ARGV[2]` the window's length. Only that window is touched: a later window of the
 * key ends at least a window's length later (it starts when this one has ended), so an end within half a window of
 * `ARGV[1]` is this window, and the key's own expiry, read from Redis's clock as the hit read it, decides. Never
 * below 0; nothing when the key has expired or holds no count. Returns 1 when it took a hit back, else 0.
 *
 * `redis.replicate_commands()` lets a script write after reading `TIME` on Redis 3.2 to 4; from 5.0 that is the
 * default and the call changes nothing (deprecated since 7.0, so it is called only where it still exists).
 */
export const TAKE_BACK_SCRIPT = [
  'if redis.replicate_commands then redis.replicate_commands() end',
  "local count = tonumber(redis.call('GET', KEYS[1]))",
  'if not count or count < 1 then return 0 end',
  "local ttl = redis.call('PTTL', KEYS[1])",
  'if ttl < 0 then return 0 end',
  "local time = redis.call('TIME')",
  'local windowEnd = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000) + ttl',
  'if math.abs(windowEnd - tonumber(ARGV[1])) * 2 >= tonumber(ARGV[2]) then return 0 end',
  "redis.call('DECR', KEYS[1])",
  'return 1',
  '',
].join('\n')

/** SHA-1 of {@link TAKE_BACK_SCRIPT}. */
export const TAKE_BACK_SCRIPT_SHA1 = 'b4dde52f58ba7afce5d9a633d39cac65e8025b8a'
