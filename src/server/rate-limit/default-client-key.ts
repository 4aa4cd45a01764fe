import { clientAddress } from '../client-address'

/**
 * The first four 16-bit groups of an IPv6 address (its /64 network), or `undefined` when `address` is not
 * IPv6. One host is given a whole /64 and may use any address in it, so per address it would have 2^64 limits.
 */
function ipv6Network(address: string): string | undefined {
  if (!address.includes(':')) return undefined
  const [head = '', tail, extra] = address.split('%')[0]!.split('::')
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

/**
 * The client of a request when `rateLimit.clientKey` is not set: the socket's address that `toNodeHandler`
 * recorded, an IPv4 address as it is and an IPv6 one as its /64 network. `undefined` in Fetch runtimes.
 *
 * @example
 * defaultClientKey(request) // '203.0.113.7'; '2001:db8:0:1::/64' for 2001:db8:0:1:abcd::2
 */
export function defaultClientKey(request: Request): string | undefined {
  const address = clientAddress(request)
  return address === undefined ? undefined : (ipv6Network(address) ?? address)
}
