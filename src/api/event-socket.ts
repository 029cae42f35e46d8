/**
 * How the browser host's event socket is opened. The session token travels as a
 * WebSocket subprotocol (`Sec-WebSocket-Protocol`), never in the URL, where access logs,
 * proxies and crash reports keep it. The host answers with EVENTS_PROTOCOL only, so the
 * token is never echoed back. Decision 0320.
 */
export const EVENTS_PATH = '/events';
export const EVENTS_PROTOCOL = 'jifen-till.events';
const TOKEN_PREFIX = 'jifen-till.token.';

/** The subprotocols a client offers: base64url tokens are valid subprotocol characters. */
export function eventSocketProtocols(token: string): string[] {
  return [EVENTS_PROTOCOL, `${TOKEN_PREFIX}${token}`];
}

/** The session token among the offered subprotocols, or null. */
export function tokenFromProtocols(header: string | undefined): string | null {
  for (const p of (header ?? '').split(',')) {
    const offered = p.trim();
    if (offered.startsWith(TOKEN_PREFIX) && offered.length > TOKEN_PREFIX.length) {
      return offered.slice(TOKEN_PREFIX.length);
    }
  }
  return null;
}

/** Close code the host sends when the socket's session has ended (logout or expiry). */
export const SESSION_ENDED_CLOSE = 4401;
