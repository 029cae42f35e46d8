import { isIP } from 'node:net';
import { tillError } from '../../src/errors';

/**
 * HTTPS unless told otherwise. Plain HTTP is allowed on a loopback address (tests, or a
 * TLS reverse proxy on the same machine) with JIFEN_TLS=off, and on a network address
 * only with the extra JIFEN_ALLOW_PLAIN_HTTP=1, so nobody serves passwords in clear by
 * forgetting one setting.
 */
export type ListenMode = 'https' | 'http';

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

export function listenMode(env: Record<string, string | undefined>, host: string): ListenMode {
  const tls = (env.JIFEN_TLS ?? 'on').toLowerCase();
  if (tls !== 'off') return 'https';
  if (isLoopback(host) || env.JIFEN_ALLOW_PLAIN_HTTP === '1') return 'http';
  throw tillError(
    'INVALID_INPUT',
    `不加密的 HTTP 只能用于本机地址；${host} 请用 HTTPS，或明确设置 JIFEN_ALLOW_PLAIN_HTTP=1（前面有 TLS 反向代理时）`,
    `Plain HTTP is only for loopback; serve ${host} over HTTPS, or set JIFEN_ALLOW_PLAIN_HTTP=1 explicitly (TLS reverse proxy in front)`,
  );
}
