/**
 * `address` (its zone, `%eth0`, cut off) as the URL parser writes an IPv6 host: lower case, no leading zeros,
 * the longest run of zero groups as `::`, an embedded IPv4 address in hex. `undefined` when it is not IPv6.
 */
function canonicalIPv6(address: string): string | undefined {
  // Stryker disable next-line ConditionalExpression,StringLiteral: the URL parser refuses an address without ':' too; this only spares every IPv4 key a thrown error
  if (!address.includes(':')) return undefined
  // Only what an IPv6 address is made of: the URL parser alone would take `::1]/#[` as a URL around `[::1]`.
  if (!/^[\da-f:.]+$/i.test(address)) return undefined
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1)
  } catch {
    // The URL parser refuses it: not IPv6.
  }
  return undefined
}

/** The IPv4 address in the last two 16-bit groups of an IPv6 address, dotted. */
const dottedIPv4 = (groups: string[]) =>
  groups
    .slice(6)
    .flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 255])
    .join('.')

/**
 * The first four 16-bit groups of an IPv6 address (its /64 network), or `undefined` when `key` is not IPv6. One
 * host is given a whole /64 and may use any address in it, so per address it would have 2^64 limits. An IPv4
 * address written as IPv6 (`::ffff:203.0.113.7`, as a dual-stack socket or Express's `req.ip` shows it) is that
 * IPv4 address: every IPv4 client would otherwise share the one network `0:0:0:0::/64`.
 */
function ipv6Network(key: string): string | undefined {
  const address = canonicalIPv6(key.split('%')[0]!)
  if (address === undefined) return undefined
  const [head, tail] = address.split('::')
  const groupsOf = (part: string | undefined) => (part ? part.split(':') : [])
  const headGroups = groupsOf(head)
  const tailGroups = groupsOf(tail)
  const groups = [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
  if (groups.slice(0, 6).join(':') === '0:0:0:0:0:ffff') return dottedIPv4(groups)
  return `${groups.slice(0, 4).join(':')}::/64`
}

/**
 * What the limiter counts for a client key: an IPv6 address as its /64 network (an IPv4 one written as IPv6 as
 * that IPv4 address), anything else as it is. Applied to `clientKey`'s results too, since the headers platforms
 * vouch for (`x-real-ip`, `cf-connecting-ip`) carry a visitor's full IPv6 address, and one visitor may rotate
 * through its whole /64.
 *
 * @example
 * countedKey('2001:db8:0:1:abcd::2') // '2001:db8:0:1::/64'
 * countedKey('::ffff:203.0.113.7') // '203.0.113.7'
 * countedKey('203.0.113.7') // '203.0.113.7'
 */
export function countedKey(key: string): string {
  return ipv6Network(key) ?? key
}
