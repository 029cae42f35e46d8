import type { IncomingMessage } from 'node:http';

/**
 * DNS-rebinding and cross-site defence: the till API answers only requests whose Host
 * is our own loopback address and, for calls and the event socket, whose Origin is our
 * own page. A page on any other origin (or a rebound hostname) is refused.
 */
export interface OriginGuard {
  hostAllowed(req: IncomingMessage): boolean;
  originAllowed(req: IncomingMessage): boolean;
  readonly origins: readonly string[];
}

export function createOriginGuard(port: number): OriginGuard {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = [...hosts].map((h) => `http://${h}`);
  const originSet = new Set(origins);
  return {
    origins,
    hostAllowed: (req) => typeof req.headers.host === 'string' && hosts.has(req.headers.host.toLowerCase()),
    originAllowed: (req) =>
      typeof req.headers.origin === 'string' && originSet.has(req.headers.origin.toLowerCase()),
  };
}
