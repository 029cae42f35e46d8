import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The page may load only its own scripts and talk only to this host. */
export function contentSecurityPolicy(origins: readonly string[]): string {
  const sockets = origins.map((o) => o.replace(/^http/, 'ws')).join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${sockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves the built renderer. Unknown paths fall back to index.html (one-page app);
 * hashed assets are cached for good, index.html never, so an update shows at once.
 */
export function serveStatic(root: string, csp: string, url: string, reply: FastifyReply): FastifyReply {
  const base = resolve(root);
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(new URL(url, 'http://local').pathname)).replace(/^([/\\])+/, '');
  } catch {
    return reply.status(400).send();
  }
  let file = join(base, rel);
  if (file !== base && !file.startsWith(base + sep)) return reply.status(404).send();
  if (!existsSync(file) || !statSync(file).isFile()) file = join(base, 'index.html');
  if (!existsSync(file)) {
    return reply
      .status(503)
      .type('text/plain; charset=utf-8')
      .send('界面尚未构建，请运行 npm run build / The UI is not built yet: run npm run build\n');
  }
  const isIndex = file.endsWith('index.html');
  return reply
    .headers({
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    })
    .send(createReadStream(file));
}
