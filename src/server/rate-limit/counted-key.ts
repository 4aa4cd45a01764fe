/**
 * The first four 16-bit groups of an IPv6 address (its /64 network), or `undefined` when `address` is not
 * IPv6. One host is given a whole /64 and may use any address in it, so per address it would have 2^64 limits.
 */
function ipv6Network(address: string): string | undefined {
  const withoutZone = address.split('%')[0]!
  if (!withoutZone.includes(':') || !isIPv6(withoutZone)) return undefined
  const [head = '', tail, extra] = withoutZone.split('::')
  if (extra !== undefined) return undefined
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'))
  const headGroups = groupsOf(head)
  // An embedded IPv4 address (`64:ff9b::192.0.2.1`) fills the last two groups; only the first four matter here.
  const tailGroups = tail === undefined ? [] : groupsOf(tail)
  const tailLength = tailGroups.length + (tailGroups.at(-1)?.includes('.') ? 1 : 0)
  const zeros = tail === undefined ? [] : Array<string>(Math.max(0, 8 - headGroups.length - tailLength)).fill('0')
  const groups = [...headGroups, ...zeros, ...tailGroups].slice(0, 4)
  if (groups.length < 4 || !groups.every((group) => /^[\da-f]{1,4}$/i.test(group))) return undefined
  return `${groups.map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`
}

/** A strict IPv6 check that every runtime has: the URL parser refuses anything that is not one. */
function isIPv6(address: string): boolean {
  try {
    return new URL(`http://[${address}]/`).hostname.length > 2
  } catch {
    return false
  }
}

/**
 * What the limiter counts for a client key: an IPv6 address as its /64 network, anything else as it is. Applied
 * to `clientKey`'s results too, since the headers platforms vouch for (`x-real-ip`, `cf-connecting-ip`) carry a
 * visitor's full IPv6 address, and one visitor may rotate through its whole /64.
 *
 * @example
 * countedKey('2001:db8:0:1:abcd::2') // '2001:db8:0:1::/64'
 * countedKey('203.0.113.7') // '203.0.113.7'
 */
export function countedKey(key: string): string {
  return ipv6Network(key) ?? key
}

