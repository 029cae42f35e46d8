import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_CLERKS } from '../../main/demo/seed';
import { eventSocketProtocols, SESSION_ENDED_CLOSE } from '../../src/api/event-socket';
import { startTillHost, type TillHost } from './helpers/till-host';

interface Reply {
  status: number;
  body: { ok: boolean; result?: unknown; error?: { code: string; zh: string; en: string } };
}

/** A raw HTTP request, so the test controls Host and Origin as an attacker could. */
function post(host: TillHost, path: string, body: string, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function connect(url: string, origin: string, protocols: string[] = []): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols, { origin });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

async function openSocket(url: string, origin: string, protocols: string[] = []): Promise<'open' | number> {
  const ws = await connect(url, origin, protocols);
  if (typeof ws === 'number') return ws;
  ws.close();
  return 'open';
}

/** The browser host answers only the till's own page, on loopback, with a clerk's token. */
describe('browser host security', () => {
  let host: TillHost | undefined;
  let own: Record<string, string>;
  let token = '';

  beforeAll(async () => {
    host = await startTillHost();
    own = { origin: host.origin, host: `127.0.0.1:${host.port}` };
    const clerks = (await post(host, '/api/session.clerks', '{}', own)).body.result as {
      id: string;
      name: string;
    }[];
    const clerk = DEMO_CLERKS.find((c) => c.role === 'clerk')!;
    const id = clerks.find((c) => c.name === clerk.name)!.id;
    const login = await post(
      host,
      '/api/session.login',
      JSON.stringify({ clerkId: id, pin: clerk.pin }),
      own,
    );
    token = (login.body.result as { token: string }).token;
  });

  afterAll(async () => {
    await host?.dispose();
  });

  it('serves its own page and calls', async () => {
    const r = await post(host!, '/api/shift.current', '{}', { ...own, authorization: `Bearer ${token}` });
    expect(r.status).toBe(200);
    expect(r.body.ok).toBe(true);
  });

  it('refuses a call from another origin, or with no origin', async () => {
    const evil = await post(host!, '/api/session.clerks', '{}', { ...own, origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body.error?.code).toBe('FORBIDDEN');
    const none = await post(host!, '/api/session.clerks', '{}', { host: own.host! });
    expect(none.status).toBe(403);
  });

  it('refuses a rebound hostname (wrong Host)', async () => {
    const r = await post(host!, '/api/session.clerks', '{}', {
      origin: 'http://till.evil.example',
      host: 'till.evil.example',
    });
    expect(r.status).toBe(421);
    expect(r.body.error?.code).toBe('FORBIDDEN');
  });

  it('refuses a call without a token, or with a made-up one', async () => {
    const missing = await post(host!, '/api/card.lookup', JSON.stringify({ uid: '04A1B2C3' }), own);
    expect(missing.status).toBe(401);
    expect(missing.body.error?.code).toBe('NOT_LOGGED_IN');
    const forged = await post(host!, '/api/card.lookup', JSON.stringify({ uid: '04A1B2C3' }), {
      ...own,
      authorization: 'Bearer not-a-real-token',
    });
    expect(forged.status).toBe(401);
  });

  it('refuses bad bodies with clear errors, and oversized ones', async () => {
    const auth = { ...own, authorization: `Bearer ${token}` };
    const bad = await post(host!, '/api/card.lookup', '{"uid":', auth);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.zh).toContain('JSON');
    const invalid = await post(host!, '/api/card.lookup', JSON.stringify({ uid: 'zz' }), auth);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error?.code).toBe('INVALID_INPUT');
    const unknown = await post(host!, '/api/ledger.rewrite', '{}', auth);
    expect(unknown.status).toBe(404);
    const huge = await post(
      host!,
      '/api/catalog.search',
      JSON.stringify({ query: 'x'.repeat(200_000) }),
      auth,
    );
    expect(huge.status).toBe(413);
  });

  it('opens the event socket only for its own page, with the token offered as a subprotocol', async () => {
    const ws = `ws://127.0.0.1:${host!.port}/events`;
    await expect(openSocket(ws, host!.origin, eventSocketProtocols(token))).resolves.toBe('open');
    await expect(openSocket(ws, 'http://evil.example', eventSocketProtocols(token))).resolves.toBe(403);
    await expect(openSocket(ws, host!.origin, eventSocketProtocols('forged'))).resolves.toBe(401);
    await expect(openSocket(ws, host!.origin)).resolves.toBe(401);
    // A token in the URL is not a way in: URLs end up in logs and crash reports.
    await expect(openSocket(`${ws}?token=${encodeURIComponent(token)}`, host!.origin)).resolves.toBe(401);
  });

  it('closes the event socket when its session logs out', async () => {
    const clerk = DEMO_CLERKS.find((c) => c.role === 'clerk')!;
    const clerks = (await post(host!, '/api/session.clerks', '{}', own)).body.result as {
      id: string;
      name: string;
    }[];
    const login = await post(
      host!,
      '/api/session.login',
      JSON.stringify({ clerkId: clerks.find((c) => c.name === clerk.name)!.id, pin: clerk.pin }),
      own,
    );
    const second = (login.body.result as { token: string }).token;
    const ws = await connect(
      `ws://127.0.0.1:${host!.port}/events`,
      host!.origin,
      eventSocketProtocols(second),
    );
    if (typeof ws === 'number') throw new Error(`socket refused: ${ws}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const logout = await post(host!, '/api/session.logout', '{}', {
      ...own,
      authorization: `Bearer ${second}`,
    });
    expect(logout.status).toBe(200);
    const code = await Promise.race([
      closed,
      new Promise<string>((r) => setTimeout(() => r('still open'), 3000)),
    ]);
    expect(code).toBe(SESSION_ENDED_CLOSE);
    // The first clerk's socket is not touched by another session's logout.
    await expect(
      openSocket(`ws://127.0.0.1:${host!.port}/events`, host!.origin, eventSocketProtocols(token)),
    ).resolves.toBe('open');
  });
});
