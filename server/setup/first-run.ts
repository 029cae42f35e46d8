import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Clock } from '../../src/clock';
import { keyFingerprint } from '../../src/sync/setup-file';
import type { AppOptions } from '../app';
import { DEFAULT_SESSION_TIMES } from '../console-api';
import { loadServerKey } from '../crypto/server-key';
import type { Db } from '../db/connect';
import { isLoopback, type ListenMode, listenMode } from './listen-mode';
import { SetupGate } from './setup-gate';
import { loadOrCreateTls, localAddresses } from './tls';

/**
 * What `npm run server` decides before it listens (decision 0600): HTTPS with the key and
 * certificate made on first run (or HTTP where allowed), the console's files and session
 * times, and the first-run setup door when there is no officer yet.
 */
export interface ServeOptions {
  host: string;
  port: number;
  mode: ListenMode;
  tls: AppOptions['tls'];
  console: NonNullable<AppOptions['console']>;
  fingerprint: string;
}

export async function prepareServe(
  db: Db,
  clock: Clock,
  env: Record<string, string | undefined>,
): Promise<ServeOptions> {
  const host = env.HOST ?? '0.0.0.0';
  const mode = listenMode(env, host);
  const key = await loadServerKey(db);
  const tls = mode === 'https' ? await loadOrCreateTls(db, clock) : undefined;
  const idleMs = Number(env.JIFEN_CONSOLE_IDLE_MS ?? DEFAULT_SESSION_TIMES.idleMs);
  return {
    host,
    port: Number(env.PORT ?? 8470),
    mode,
    tls,
    fingerprint: keyFingerprint(key.publicKey),
    console: {
      dir: resolve(env.JIFEN_CONSOLE_DIR ?? resolve(import.meta.dirname, '..', '..', 'dist', 'console')),
      gate: await SetupGate.open(db),
      times: { idleMs, maxMs: Math.max(idleMs, DEFAULT_SESSION_TIMES.maxMs) },
      publicUrl: env.JIFEN_PUBLIC_URL ?? null,
    },
  };
}

/** Addresses an office PC or a till can open: the bound host, or every address when bound to all. */
export function reachableBases(o: ServeOptions, port: number): string[] {
  const hosts = o.host === '0.0.0.0' || o.host === '::' ? ['127.0.0.1', ...localAddresses()] : [o.host];
  return hosts.map((h) => `${o.mode}://${h.includes(':') ? `[${h}]` : h}:${port}`);
}

/** The start banner, zh-CN first: where to go, the key fingerprint, and the one-time setup address. */
export function banner(o: ServeOptions, port: number, dialect: string): string {
  const bases = reachableBases(o, port);
  const token = o.console.gate.pending;
  const lines = [
    '积分超市乡镇服务器 / Jifen township server',
    `  数据库 Database: ${dialect}`,
    `  管理台 Console: ${bases.map((b) => `${b}/console/`).join('  ')}`,
    `  服务器密钥指纹 Server key fingerprint: ${o.fingerprint}`,
  ];
  if (!existsSync(join(o.console.dir, 'index.html')))
    lines.push(
      `  管理台还没构建，请运行 npm run build:console / The console is not built: run npm run build:console`,
    );
  if (o.tls) lines.push(`  HTTPS 证书指纹 TLS certificate SHA-256: ${o.tls.fingerprint}`);
  if (o.mode === 'http' && !isLoopback(o.host))
    lines.push(
      '  警告：不加密的 HTTP，仅在前面有 TLS 反向代理时使用 / Warning: plain HTTP, only behind a TLS proxy',
    );
  if (token) {
    lines.push(
      '  首次设置（仅这次启动有效，用一次即失效）/ First-run setup (this start only, single use):',
      ...bases.map((b) => `    ${setupUrl(b, token)}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

export const setupUrl = (base: string, token: string) => `${base}/console/#/setup/${token}`;
