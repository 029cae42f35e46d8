import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** Strict CSP: the console loads only its own files; the QR images are data: URLs. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/**
 * Serves the built console (vite build --mode console) at /console/. Paths are resolved
 * inside the build folder only; anything else under /console/ that is not /console/api
 * gets index.html (the console routes on the hash).
 */
export function consoleStatic(app: FastifyInstance, dir: string): void {
  const send = async (rel: string) => {
    const file = normalize(join(dir, rel));
    if (!file.startsWith(normalize(dir) + sep)) return null;
    try {
      if (!(await stat(file)).isFile()) return null;
      return { body: await readFile(file), type: TYPES[extname(file)] ?? 'application/octet-stream' };
    } catch {
      return null;
    }
  };
  app.get('/', async (_req, reply) => reply.redirect('/console/'));
  app.get('/console', async (_req, reply) => reply.redirect('/console/'));
  app.get('/console/*', async (req, reply) => {
    const rel = (req.params as { '*': string })['*'];
    const found = (rel && (await send(rel))) || (await send('index.html'));
    if (!found) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send(
          '控制台还没有构建：请运行 npm run build:console\nThe console is not built yet: run npm run build:console\n',
        );
    }
    return reply
      .type(found.type)
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(found.body);
  });
}
