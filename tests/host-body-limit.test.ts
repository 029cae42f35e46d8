import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTillHost, type TillHost } from './e2e/helpers/till-host';

/** Sends `mb` megabytes of JSON-ish bytes with chunked transfer encoding (no content-length). */
function chunkedPost(host: TillHost, path: string, mb: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: host.origin, 'transfer-encoding': 'chunked' },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const write = () => {
      while (sent < mb * 16) {
        sent++;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('the browser host and a chunked 10 MB body', () => {
  let host: TillHost | undefined;
  beforeAll(async () => {
    host = await startTillHost();
  });
  afterAll(() => host?.dispose());

  it('answers 413 with a message in both languages, not a reset connection', async () => {
    const res = await chunkedPost(host!, '/api/status.get', 10);
    expect(res.status).toBe(413);
    const body = JSON.parse(res.body) as { ok: boolean; error: { code: string; zh: string; en: string } };
    expect(body.error.zh).toBe('请求太大');
    expect(body.error.en).toBe('The request is too large');
  });

  it('still answers the next request', async () => {
    const res = await fetch(`${host!.origin}/api/status.get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: host!.origin },
      body: '{}',
    });
    expect(res.status).toBe(200);
  });
});
