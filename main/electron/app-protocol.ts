import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { protocol } from 'electron';
import { APP_SCHEME } from './channels';

/** The page may run only its own bundled scripts; it talks to the till over IPC, not the network. */
export const ELECTRON_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Must run before app is ready: app:// behaves like https (secure context, IndexedDB for the draft cart). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from disk under app://till/, with the CSP on every response. */
export function serveRenderer(rendererDir: string): void {
  const root = resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    let file = join(root, normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, ''));
    if (file !== root && !file.startsWith(root + sep)) return new Response('not found', { status: 404 });
    if (!existsSync(file) || !statSync(file).isFile()) file = join(root, 'index.html');
    // Read from disk directly: no request leaves app://, so the session's block on every
    // other scheme stays absolute.
    return new Response(await readFile(file), {
      headers: {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': ELECTRON_CSP,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
