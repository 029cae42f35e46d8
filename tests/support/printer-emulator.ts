import { EventEmitter } from 'node:events';
import net from 'node:net';
import {
  type DecodeEvent,
  EscPosStreamDecoder,
  type PrintedDocument,
  type PrintedItem,
  toDocument,
} from './printer-emulator-decode';

/**
 * A receipt printer on a real loopback TCP socket (like a network printer on port 9100),
 * for tests of the print path end to end.
 *
 *   const printer = await startPrinterEmulator();          // 127.0.0.1, a free port
 *   startPrinterEmulator({ answersStatus: false, answersTransmitStatus: false }) // a mute one
 *   profile = { connection: { type: 'tcp', host: printer.host, port: printer.port }, ... }
 *   await printer.waitForDocuments(1);                      // a finished (cut) receipt
 *   printer.documents[0].text / .lines / .qr / .rasters     // what came out on paper
 *   printer.setStatus('paper-out' | 'cover-open' | 'offline' | 'ok')
 *   printer.paperOutAfterBytes(n)   // paper runs out after n more bytes: printing stops
 *   printer.killAfterBytes(n)       // the printer dies mid-job (sockets and listener gone)
 *   await printer.restart()         // the same port again
 *   printer.dropConnections()       // cable pulled, printer still on
 *   await printer.close()           // always, in afterEach/afterAll
 *
 * Behaviour: bytes are decoded as ESC/POS (text via GB18030, ESC a/E/!/d, GS !, GS V,
 * GS v 0 raster, GS ( k QR). DLE EOT n (real-time) is answered at once with a status
 * byte for the current status; GS r n is answered in order, after everything before it
 * has printed. While the status is not 'ok' nothing prints: data (and GS r answers)
 * wait in the buffer and come out when the status is set back to 'ok', as on a real
 * printer whose paper is reloaded. A connection that ends before a cut leaves the torn
 * part in `partials`.
 */

export type EmulatorStatus = 'ok' | 'paper-out' | 'cover-open' | 'offline';

export interface PrinterEmulator {
  readonly host: string;
  readonly port: number;
  readonly status: EmulatorStatus;
  /** Finished receipts (ended by a cut), in print order. */
  readonly documents: PrintedDocument[];
  /** Torn pieces: printed before a connection ended without a cut. */
  readonly partials: PrintedDocument[];
  /** Every byte received, all connections. */
  bytes(): Buffer;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Status requests (DLE EOT) answered so far. */
  readonly statusRequests: number;
  setStatus(status: EmulatorStatus): void;
  paperOutAfterBytes(n: number): void;
  killAfterBytes(n: number): void;
  dropConnections(): void;
  kill(): Promise<void>;
  restart(): Promise<void>;
  waitFor(what: string, predicate: () => boolean, timeoutMs?: number): Promise<void>;
  waitForDocuments(count: number, timeoutMs?: number): Promise<PrintedDocument[]>;
  close(): Promise<void>;
}

function statusByte(n: number, s: EmulatorStatus): number {
  const fixed = 0x12;
  if (n === 1) return fixed | (s === 'ok' ? 0 : 0x08);
  if (n === 2)
    return (
      fixed | (s === 'cover-open' ? 0x04 : 0) | (s === 'paper-out' ? 0x20 : 0) | (s === 'offline' ? 0x40 : 0)
    );
  if (n === 4) return fixed | (s === 'paper-out' ? 0x60 : 0);
  return fixed;
}

export interface EmulatorOptions {
  status?: EmulatorStatus;
  /** false: a cheap printer that ignores DLE EOT (never answers status requests). */
  answersStatus?: boolean;
  /** false: a printer that ignores GS r (never confirms what it printed). */
  answersTransmitStatus?: boolean;
}

export async function startPrinterEmulator(options: EmulatorOptions = {}): Promise<PrinterEmulator> {
  const changes = new EventEmitter();
  changes.setMaxListeners(100);
  const received: Buffer[] = [];
  const documents: PrintedDocument[] = [];
  const partials: PrintedDocument[] = [];
  const sockets = new Set<net.Socket>();
  let status: EmulatorStatus = options.status ?? 'ok';
  let connections = 0;
  let statusRequests = 0;
  let paperOutAt: number | null = null;
  let killAt: number | null = null;
  let server: net.Server | null = null;
  let port = 0;

  /** Per connection: decoded events waiting for paper, and the piece being printed. */
  interface Conn {
    socket: net.Socket;
    held: DecodeEvent[];
    items: PrintedItem[];
  }
  const conns = new Set<Conn>();

  const apply = (conn: Conn, e: DecodeEvent) => {
    if (e.type === 'item') conn.items.push(e.item);
    else if (e.type === 'cut') {
      documents.push(toDocument(conn.items, true));
      conn.items = [];
    } else if (e.type === 'transmit-status') {
      // Paper fine, drawer closed: GS r only gets its turn once everything before it printed.
      if (!conn.socket.destroyed && options.answersTransmitStatus !== false)
        conn.socket.write(Buffer.from([0x00]));
    }
  };

  /** A connection is over when its socket closed and nothing of it waits for paper. */
  const finish = (conn: Conn) => {
    if (!conns.delete(conn)) return;
    if (conn.items.length > 0) partials.push(toDocument(conn.items, false));
  };

  const release = () => {
    for (const conn of conns) {
      while (status === 'ok' && conn.held.length > 0) apply(conn, conn.held.shift()!);
      if (conn.socket.destroyed && conn.held.length === 0) finish(conn);
    }
    changes.emit('change');
  };

  const onConnection = (socket: net.Socket) => {
    connections++;
    sockets.add(socket);
    const conn: Conn = { socket, held: [], items: [] };
    conns.add(conn);
    const decoder = new EscPosStreamDecoder((e) => {
      if (e.type === 'status-request') {
        statusRequests++;
        if (options.answersStatus !== false) socket.write(Buffer.from([statusByte(e.n, status)]));
      } else if (status === 'ok' && conn.held.length === 0) {
        apply(conn, e);
      } else {
        conn.held.push(e);
      }
    });
    socket.on('data', (chunk: Buffer) => {
      let rest = chunk;
      while (rest.length > 0) {
        const trigger = Math.min(paperOutAt ?? Number.POSITIVE_INFINITY, killAt ?? Number.POSITIVE_INFINITY);
        const take = Math.min(rest.length, trigger);
        received.push(rest.subarray(0, take));
        decoder.push(rest.subarray(0, take));
        rest = rest.subarray(take);
        if (paperOutAt !== null) paperOutAt -= take;
        if (killAt !== null) killAt -= take;
        if (paperOutAt === 0) {
          paperOutAt = null;
          status = 'paper-out';
        }
        if (killAt === 0) {
          killAt = null;
          void api.kill();
          return;
        }
      }
      changes.emit('change');
    });
    socket.on('error', () => {});
    // A pulled cable keeps what is in the printer's buffer: it prints once paper is back.
    socket.on('close', () => {
      sockets.delete(socket);
      if (conn.held.length === 0) finish(conn);
      changes.emit('change');
    });
  };

  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer(onConnection);
      s.once('error', reject);
      s.listen(p, '127.0.0.1', () => {
        server = s;
        port = (s.address() as net.AddressInfo).port;
        resolve();
      });
    });

  const api: PrinterEmulator = {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    get status() {
      return status;
    },
    documents,
    partials,
    bytes: () => Buffer.concat(received),
    get connections() {
      return connections;
    },
    get statusRequests() {
      return statusRequests;
    },
    setStatus(s) {
      status = s;
      release();
    },
    paperOutAfterBytes(n) {
      paperOutAt = n;
    },
    killAfterBytes(n) {
      killAt = n;
    },
    dropConnections() {
      for (const s of sockets) s.destroy();
    },
    async kill() {
      const s = server;
      server = null;
      // Power gone: the buffer is lost with it.
      for (const conn of conns) {
        conn.held = [];
        finish(conn);
      }
      for (const sock of sockets) sock.destroy();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
      changes.emit('change');
    },
    async restart() {
      if (server) return;
      await listen(port);
    },
    waitFor(what, predicate, timeoutMs = 20_000) {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          changes.off('change', check);
          reject(new Error(`printer emulator: gave up waiting for ${what}`));
        }, timeoutMs);
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          changes.off('change', check);
          resolve();
        };
        changes.on('change', check);
      });
    },
    async waitForDocuments(count, timeoutMs) {
      await api.waitFor(`${count} printed receipt(s)`, () => documents.length >= count, timeoutMs);
      return documents;
    },
    async close() {
      await api.kill();
    },
  };
  await listen(0);
  return api;
}
