import net from 'node:net';
import { ConnectionLost, type PrinterConnection } from './connection';
import { isRealtimeStatusByte, STATUS_REQUESTS, type StatusBytes } from './status';

/** Raw TCP (port 9100, "JetDirect"): the one transport that reads as well as writes. */
export async function openTcp(host: string, port: number, timeoutMs: number): Promise<PrinterConnection> {
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect({ host, port });
    const timer = setTimeout(() => {
      s.destroy();
      reject(new ConnectionLost(`connect timeout ${host}:${port}`));
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      reject(new ConnectionLost(e.message));
    });
  });
  socket.setNoDelay(true);

  let lost: ConnectionLost | null = null;
  const realtime: ((b: number) => void)[] = [];
  const inOrder: ((b: number) => void)[] = [];
  const failures = new Set<(e: Error) => void>();
  const fail = (reason: string) => {
    lost ??= new ConnectionLost(reason);
    for (const f of failures) f(lost);
    failures.clear();
  };
  socket.on('data', (chunk: Buffer) => {
    for (const b of chunk) {
      const queue = isRealtimeStatusByte(b) ? realtime : inOrder;
      queue.shift()?.(b);
    }
  });
  socket.on('error', (e) => fail(e.message));
  socket.on('close', () => fail('connection closed'));

  /** Sends a request and waits for its one-byte answer; null on timeout. */
  const ask = (bytes: number[], queue: ((b: number) => void)[], timeoutMs: number) =>
    new Promise<number | null>((resolve, reject) => {
      if (lost) return reject(lost);
      const onFail = (e: Error) => {
        clearTimeout(timer);
        reject(e);
      };
      const answer = (b: number) => {
        clearTimeout(timer);
        failures.delete(onFail);
        resolve(b);
      };
      const timer = setTimeout(() => {
        const i = queue.indexOf(answer);
        if (i >= 0) queue.splice(i, 1);
        failures.delete(onFail);
        resolve(null);
      }, timeoutMs);
      queue.push(answer);
      failures.add(onFail);
      socket.write(Buffer.from(bytes));
    });

  return {
    async status(timeoutMs) {
      const answers: number[] = [];
      for (const n of STATUS_REQUESTS) {
        const b = await ask([0x10, 0x04, n], realtime, timeoutMs);
        if (b === null) return null;
        answers.push(b);
      }
      const [printer, offlineCause, paper] = answers as [number, number, number];
      return { printer, offlineCause, paper } satisfies StatusBytes;
    },
    write(data) {
      return new Promise((resolve, reject) => {
        if (lost) return reject(lost);
        const onFail = (e: Error) => reject(e);
        failures.add(onFail);
        socket.write(data, (err) => {
          failures.delete(onFail);
          if (err) reject(new ConnectionLost(err.message));
          else resolve();
        });
      });
    },
    printed() {
      return new Promise((resolve, reject) => {
        if (lost) return reject(lost);
        failures.add(reject);
        inOrder.push(() => {
          failures.delete(reject);
          resolve('printed');
        });
        socket.write(Buffer.from([0x1d, 0x72, 0x01]));
      });
    },
    close() {
      socket.destroy();
    },
  };
}
