import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { type WebSocket, WebSocketServer } from 'ws';
import { type ApiName, apiSchemas, PUBLIC_CALLS } from '../../src/api/contract';
import {
  EVENTS_PATH,
  EVENTS_PROTOCOL,
  SESSION_ENDED_CLOSE,
  tokenFromProtocols,
} from '../../src/api/event-socket';
import { frameworkRefusal, httpStatusFor } from '../../src/api/http-status';
import { isTillError, type SerializedTillError, tillError } from '../../src/errors';
import { transportError } from './errors';
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

const forbiddenOrigin = () =>
  transportError(
    'FORBIDDEN',
    '拒绝：请求不是来自收银台页面',
    'Refused: the request does not come from the till page',
  );
const notLoggedIn = () => transportError('NOT_LOGGED_IN', '请先登录收银员', 'Please log in as a clerk first');

function sendError(reply: FastifyReply, status: number, error: SerializedTillError): FastifyReply {
  return sendJson(reply, status, { ok: false, error });
}

function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .status(status)
    .headers({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    })
    .send(JSON.stringify(body));
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer ([\x21-\x7e]{1,512})$/.exec(h.trim());
  return m ? m[1]! : null;
}

/**
 * The browser host: serves the renderer and the till API on loopback only, on Fastify
 * like the township server (decision 0320). POST /api/<name> with JSON params and
 * `Authorization: Bearer <token>`; WebSocket /events, with the token offered as a
 * subprotocol, pushes ApiEvents as `{ event, payload }` until the session ends.
 */
/** How much of a too-large body is read and thrown away so that the 413 reaches the client. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Answering while the client is still sending makes the server close on its unread bytes:
 * the client then sees EPIPE or a reset, never the 413. So read the rest and discard it,
 * up to a cap past which the client is not a till's page and may be cut off.
 */
function discardRestOfBody(raw: IncomingMessage, cap: number): Promise<void> {
  if (raw.readableEnded || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      raw.off('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > cap) done();
    };
    raw.on('data', onData);
    raw.once('end', done);
    raw.once('close', done);
    raw.once('error', done);
    raw.resume();
  });
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { service, staticDir } = options;
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  let guard = createOriginGuard(options.port);
  let csp = contentSecurityPolicy(guard.origins);

  const app = Fastify({ logger: false, bodyLimit: limit, forceCloseConnections: true });

  // Fastify's own JSON parser (prototype-poisoning checks included); an empty body means no params.
  const json = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if ((body as string).trim() === '') return done(null, {});
    json(req, body as string, (err, value) =>
      err
        ? done(tillError('INVALID_INPUT', '请求不是有效的 JSON', 'The request is not valid JSON'), undefined)
        : done(null, value),
    );
  });

  // Every refusal that needs no body is made before Fastify reads one: a forbidden page or a
  // call without a token never gets to send megabytes.
  app.addHook('onRequest', async (req, reply) => {
    if (!guard.hostAllowed(req.raw)) return sendError(reply, 421, forbiddenOrigin());
    const path = new URL(req.url, 'http://local').pathname;
    if (!path.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(reply, 405, forbiddenOrigin());
      return;
    }
    if (!guard.originAllowed(req.raw)) return sendError(reply, 403, forbiddenOrigin());
    if (req.method !== 'POST') {
      reply.header('allow', 'POST');
      return sendError(reply, 405, transportError('INVALID_INPUT', '只接受 POST', 'Only POST is accepted'));
    }
    const name = path.slice('/api/'.length);
    if (!Object.hasOwn(apiSchemas, name)) {
      return sendError(
        reply,
        404,
        transportError('INVALID_INPUT', `没有这个调用：${name}`, `No such call: ${name}`),
      );
    }
    if (!PUBLIC_CALLS.has(name as ApiName) && bearer(req) === null)
      return sendError(reply, 401, notLoggedIn());
    const type = String(req.headers['content-type'] ?? '');
    if (!type.startsWith('application/json')) {
      return sendError(
        reply,
        415,
        transportError('INVALID_INPUT', '请求须为 JSON', 'The request body must be JSON', {
          contentType: type,
        }),
      );
    }
  });

  app.setErrorHandler(async (err, req, reply) => {
    if (isTillError(err)) return sendError(reply, httpStatusFor(err.code), err.toJSON());
    const refused = frameworkRefusal(err);
    if (refused === 'too-large') {
      await discardRestOfBody(req.raw, DRAIN_LIMIT_BYTES);
      return sendError(
        reply,
        413,
        transportError('INVALID_INPUT', '请求太大', 'The request is too large', { limitBytes: limit }),
      );
    }
    if (refused)
      return sendError(reply, 400, transportError('INVALID_INPUT', '请求格式不对', 'Malformed request'));
    return sendError(
      reply,
      500,
      transportError('INTERNAL', '收银服务内部错误', 'Internal till error', { message: String(err) }),
    );
  });

  app.post<{ Params: { name: string } }>('/api/:name', async (req, reply) => {
    const call = req.params.name as ApiName;
    const token = bearer(req);
    const response = await service.call(call, req.body ?? {}, token);
    if (token && (call === 'session.logout' || (!response.ok && response.error.code === 'NOT_LOGGED_IN'))) {
      endSession(token);
    }
    return sendJson(reply, response.ok ? 200 : httpStatusFor(response.error.code), response);
  });
  app.get('/*', async (req, reply) => serveStatic(staticDir, csp, req.url, reply));

  // The event socket, on the same listener: ws handles the upgrade once Host, Origin and the
  // session are checked (no @fastify/websocket in the tree; the ws package already is).
  const sessionOf = new Map<WebSocket, string>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 4096,
    handleProtocols: (offered) => (offered.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false),
  });
  const live = (token: string) => service.sessionLive?.(token) ?? true;

  function endSession(token: string): void {
    for (const [ws, t] of sessionOf) {
      if (t !== token) continue;
      sessionOf.delete(ws);
      ws.close(SESSION_ENDED_CLOSE, 'session ended');
    }
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!guard.hostAllowed(req) || !guard.originAllowed(req)) return refuse('403 Forbidden');
    if (new URL(req.url ?? '/', 'http://local').pathname !== EVENTS_PATH) return refuse('404 Not Found');
    const token = tokenFromProtocols(req.headers['sec-websocket-protocol']);
    if (!token) return refuse('401 Unauthorized');
    // A cheap authenticated read proves the token belongs to a logged-in clerk.
    service
      .call('shift.current', {}, token)
      .then((r) => {
        if (!r.ok && (r.error.code === 'NOT_LOGGED_IN' || r.error.code === 'FORBIDDEN')) {
          return refuse('401 Unauthorized');
        }
        wss.handleUpgrade(req, socket, head, (ws) => {
          sessionOf.set(ws, token);
          ws.on('close', () => sessionOf.delete(ws));
          ws.on('error', () => sessionOf.delete(ws));
        });
      })
      .catch(() => refuse('500 Internal Server Error'));
  }
  app.server.on('upgrade', upgrade);

  const unsubscribers = EVENT_NAMES.map((event) =>
    service.on(event, (payload) => {
      const text = JSON.stringify({ event, payload });
      for (const [ws, token] of sessionOf) {
        if (!live(token)) endSession(token);
        else if (ws.readyState === ws.OPEN) ws.send(text);
      }
    }),
  );

  await app.listen({ port: options.port, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  if (port !== options.port) {
    guard = createOriginGuard(port);
    csp = contentSecurityPolicy(guard.origins);
  }

  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    async close() {
      for (const off of unsubscribers) if (typeof off === 'function') (off as () => void)();
      for (const ws of sessionOf.keys()) ws.terminate();
      wss.close();
      await app.close();
    },
  };
}
