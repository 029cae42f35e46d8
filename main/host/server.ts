import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { type ApiName, apiSchemas, PUBLIC_CALLS } from '../../src/api/contract';
import type { SerializedTillError } from '../../src/errors';
import { httpStatusFor, transportError } from './errors';
import { createOriginGuard } from './origin-guard';
import { EVENT_NAMES, type TillServicePort } from './service-port';
import { contentSecurityPolicy, serveStatic } from './static-files';

export interface BrowserHostOptions {
  service: TillServicePort;
  /** Fixed by default so the page origin, and with it the Dexie draft cart, survives restarts. */
  port: number;
  /** Built renderer (vite output). */
  staticDir: string;
  maxBodyBytes?: number;
}

export interface BrowserHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4173;
const DEFAULT_MAX_BODY = 64 * 1024;
const DRAIN_LIMIT = 64 * 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped, so the client gets its 413 instead of a
      // reset connection (a chunked body has no length to refuse up front); only a body far
      // past any honest request is cut off.
      if (size > DRAIN_LIMIT) req.destroy();
      else if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () =>
      size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, error: SerializedTillError): void {
  sendJson(res, status, { ok: false, error });
}

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer ([\x21-\x7e]{1,512})$/.exec(h.trim());
  return m ? m[1]! : null;
}

const forbiddenOrigin = () =>
  transportError(
    'FORBIDDEN',
    '拒绝：请求不是来自收银台页面',
    'Refused: the request does not come from the till page',
  );
const notLoggedIn = () => transportError('NOT_LOGGED_IN', '请先登录收银员', 'Please log in as a clerk first');

/**
 * The browser host: serves the renderer and the till API on loopback only.
 * POST /api/<name> with JSON params and `Authorization: Bearer <token>`; WebSocket
 * /events?token=… pushes ApiEvents as `{ event, payload }`.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { service, staticDir } = options;
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  let guard = createOriginGuard(options.port);
  let csp = contentSecurityPolicy(guard.origins);

  async function handleApi(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (!guard.originAllowed(req)) return sendError(res, 403, forbiddenOrigin());
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return sendError(res, 405, transportError('INVALID_INPUT', '只接受 POST', 'Only POST is accepted'));
    }
    if (!Object.hasOwn(apiSchemas, name)) {
      return sendError(
        res,
        404,
        transportError('INVALID_INPUT', `没有这个调用：${name}`, `No such call: ${name}`),
      );
    }
    const call = name as ApiName;
    const token = bearer(req);
    if (!PUBLIC_CALLS.has(call) && token === null) return sendError(res, 401, notLoggedIn());
    const type = String(req.headers['content-type'] ?? '');
    if (!type.startsWith('application/json')) {
      return sendError(
        res,
        415,
        transportError('INVALID_INPUT', '请求须为 JSON', 'The request body must be JSON', {
          contentType: type,
        }),
      );
    }
    let params: unknown;
    try {
      const text = await readBody(req, limit);
      params = text.trim() === '' ? {} : JSON.parse(text);
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return sendError(
          res,
          413,
          transportError('INVALID_INPUT', '请求太大', 'The request is too large', { limitBytes: limit }),
        );
      }
      return sendError(
        res,
        400,
        transportError('INVALID_INPUT', '请求不是有效的 JSON', 'The request is not valid JSON'),
      );
    }
    const response = await service.call(call, params, token);
    if (response.ok) sendJson(res, 200, response);
    else sendJson(res, httpStatusFor(response.error.code), response);
  }

  const server = createServer((req, res) => {
    if (!guard.hostAllowed(req)) return sendError(res, 421, forbiddenOrigin());
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (path.startsWith('/api/')) {
      handleApi(req, res, path.slice('/api/'.length)).catch((e: unknown) => {
        if (!res.headersSent) {
          sendError(
            res,
            500,
            transportError('INTERNAL', '收银服务内部错误', 'Internal till error', { message: String(e) }),
          );
        }
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, forbiddenOrigin());
    serveStatic(staticDir, csp, req, res);
  });

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!guard.hostAllowed(req) || !guard.originAllowed(req)) return refuse('403 Forbidden');
    if (url.pathname !== '/events') return refuse('404 Not Found');
    const token = url.searchParams.get('token');
    if (!token) return refuse('401 Unauthorized');
    // A cheap authenticated read proves the token belongs to a logged-in clerk.
    service
      .call('shift.current', {}, token)
      .then((r) => {
        if (!r.ok && (r.error.code === 'NOT_LOGGED_IN' || r.error.code === 'FORBIDDEN')) {
          return refuse('401 Unauthorized');
        }
        wss.handleUpgrade(req, socket, head, (ws) => {
          sockets.add(ws);
          ws.on('close', () => sockets.delete(ws));
          ws.on('error', () => sockets.delete(ws));
        });
      })
      .catch(() => refuse('500 Internal Server Error'));
  });

  const unsubscribers = EVENT_NAMES.map((event) =>
    service.on(event, (payload) => {
      const text = JSON.stringify({ event, payload });
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (port !== options.port) {
    guard = createOriginGuard(port);
    csp = contentSecurityPolicy(guard.origins);
  }

  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    async close() {
      for (const off of unsubscribers) if (typeof off === 'function') (off as () => void)();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
