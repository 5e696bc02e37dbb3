import { isIP } from 'node:net';

/**
 * The client's address from X-Forwarded-For, `hops` entries from the right: `next start` appends the peer address
 * of its socket, so 1 is right with no proxy in front, 2 behind one trusted reverse proxy, and so on. Entries to
 * the left of that are the client's own claims and are ignored (an attacker would rotate them to dodge throttling).
 */
export function clientIp(headers: Headers, hops: number): string | null {
  const chain = (headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const candidate = chain[chain.length - hops] ?? chain[0];
  if (!candidate) return null;
  const bare = candidate.replace(/^\[|\]$/g, '').replace(/^::ffff:/, '');
  return isIP(bare) ? bare : null;
}
