import { connect, createServer, type Socket } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/**
 * A real TCP proxy between a till and the township server (issue 14). It can throttle
 * the link (bytes per second and latency, each way), it reads the HTTP requests that
 * pass through it (method, path, unpacked JSON body) so a test can count what the till
 * sent, and it can cut a connection once the server has begun to answer a chosen
 * request: the server has committed by then, and the till never sees the answer.
 */
export interface SeenRequest {
  method: string;
  path: string;
  body: unknown;
  /** How the till packed the body (undefined: plain). */
  contentEncoding: string | undefined;
  /** The codings the till asked its answer in. */
  acceptEncoding: string | undefined;
}

export interface TcpProxy {
  url: string;
  /** Bytes received from the till and from the server. */
  up: { bytes: number };
  down: { bytes: number };
  /** Every request the till sent through the proxy, in order. */
  requests: SeenRequest[];
  /** The next answer to a request that `match` accepts never reaches the till: its connection is cut. */
  dropAnswer(match: (r: SeenRequest) => boolean): void;
  /** Answers cut so far. */
  dropped(): number;
  close(): Promise<void>;
}

export interface LinkLimit {
  bytesPerS: number;
  latencyMs: number;
}

/** One direction: chunks leave in order, each no earlier than the line rate and the latency allow. */
function forward(from: Socket, to: Socket, limit: LinkLimit | undefined): (chunk: Buffer) => void {
  let free = 0;
  from.on('end', () => {
    if (!limit) return void to.end();
    setTimeout(() => to.end(), Math.max(0, free - performance.now()) + limit.latencyMs);
  });
  from.on('error', () => to.destroy());
  return (chunk) => {
    if (!limit) return void (to.writable && to.write(chunk));
    const now = performance.now();
    free = Math.max(free, now) + (chunk.length / limit.bytesPerS) * 1000;
    setTimeout(() => to.writable && to.write(chunk), free - now + limit.latencyMs);
  };
}

/** Reads whole HTTP/1.1 requests (Content-Length bodies, as the till sends) out of one connection's bytes. */
function requestReader(onRequest: (r: SeenRequest) => void): (chunk: Buffer) => void {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [line = '', ...headerLines] = buf.subarray(0, end).toString('latin1').split('\r\n');
      const headers = new Map(
        headerLines.map((h) => [
          h.slice(0, h.indexOf(':')).trim().toLowerCase(),
          h.slice(h.indexOf(':') + 1).trim(),
        ]),
      );
      const length = Number(headers.get('content-length') ?? 0);
      if (buf.length < end + 4 + length) return;
      const raw = buf.subarray(end + 4, end + 4 + length);
      buf = buf.subarray(end + 4 + length);
      const coding = headers.get('content-encoding');
      const text = (
        coding === 'gzip' ? gunzipSync(raw) : coding === 'br' ? brotliDecompressSync(raw) : raw
      ).toString('utf8');
      const [method = '', path = ''] = line.split(' ');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // Not JSON: kept as text.
      }
      onRequest({
        method,
        path,
        body,
        contentEncoding: coding,
        acceptEncoding: headers.get('accept-encoding'),
      });
    }
  };
}

/** `listenPort` fixes the proxy's port (a till configured before the proxy starts); default any free one. */
export async function tcpProxy(target: string, limit?: LinkLimit, listenPort = 0): Promise<TcpProxy> {
  const t = new URL(target);
  const up = { bytes: 0 };
  const down = { bytes: 0 };
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  let drop: ((r: SeenRequest) => boolean) | null = null;
  let dropped = 0;
  const server = createServer((client) => {
    const upstream = connect(Number(t.port), t.hostname);
    sockets.add(client).add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    // The request this connection's next answer belongs to (the till sends one at a time).
    let last: SeenRequest | null = null;
    const read = requestReader((r) => {
      requests.push(r);
      last = r;
    });
    const toServer = forward(client, upstream, limit);
    const toTill = forward(upstream, client, limit);
    client.on('data', (chunk: Buffer) => {
      up.bytes += chunk.length;
      read(chunk);
      toServer(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      down.bytes += chunk.length;
      if (drop && last && drop(last)) {
        drop = null;
        dropped++;
        client.destroy();
        upstream.destroy();
        return;
      }
      toTill(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    up,
    down,
    requests,
    dropAnswer: (match) => {
      drop = match;
    },
    dropped: () => dropped,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The seqs of every entry the till pushed through the proxy, in the order sent. */
export function pushedSeqs(requests: SeenRequest[]): number[] {
  return requests
    .filter((r) => r.path === '/sync/push')
    .flatMap((r) => (r.body as { entries: { seq: number }[] }).entries.map((e) => e.seq));
}
