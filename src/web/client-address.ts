import type http from 'node:http';

/**
 * The address of the client a request comes from, for rate limits kept per client. Behind
 * `trustedHops` reverse proxies the socket's peer is the nearest proxy, and each proxy appends the
 * address it saw to X-Forwarded-For; the client is the one `trustedHops` entries back from the peer.
 * Entries further left were written by the client itself and are never believed. With no trusted
 * proxies the header is ignored.
 */
export function clientAddress(req: Pick<http.IncomingMessage, 'headers' | 'socket'>, trustedHops: number): string | undefined {
  const peer = req.socket.remoteAddress;
  if (trustedHops <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
  const chain = peer === undefined ? forwarded : [...forwarded, peer];
  // Fewer entries than proxies: the request did not come through all of them; the leftmost is the best known.
  return chain[Math.max(0, chain.length - 1 - trustedHops)];
}
