/**
 * Entry of the till service process. In the packaged app Electron starts it with
 * utilityProcess.fork (messages over process.parentPort); in development and tests it
 * runs as a plain Node child process (messages over process.send / 'message'). It knows
 * nothing else of Electron.
 */
import { processClock } from '../../src/clock';
import { parseServiceArgs } from '../host/config';
import { createTillService } from '../till';
import type { Endpoint, FromService, ToService } from './protocol';
import { serveChannel } from './service-channel';

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

function parentEndpoint(): Endpoint<ToService, FromService> {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      post: (m) => parentPort.postMessage(m),
      onMessage: (l) => parentPort.on('message', (e) => l(e.data as ToService)),
    };
  }
  if (process.send) {
    const send = process.send.bind(process);
    return {
      post: (m) => send(m),
      onMessage: (l) => process.on('message', (m) => l(m as ToService)),
    };
  }
  throw new Error('service-entry must be started by the Electron shell or as a Node child process with IPC');
}

async function main(): Promise<void> {
  const endpoint = parentEndpoint();
  const config = parseServiceArgs(process.argv.slice(2));
  let service: Awaited<ReturnType<typeof createTillService>>;
  try {
    service = await createTillService({
      dataDir: config.dataDir,
      demo: config.demo,
      printer: config.printer ?? undefined,
      readerPreference: config.readerPreference,
      clock: processClock(process.env.JIFEN_TEST_NOW_MS),
    });
  } catch (e) {
    const err = e as { code?: string; zh?: string; en?: string; message?: string };
    endpoint.post({
      type: 'fatal',
      error: {
        code: (err.code as 'INTERNAL') ?? 'INTERNAL',
        zh: err.zh ?? `收银服务启动失败：${err.message ?? String(e)}`,
        en: err.en ?? `The till service failed to start: ${err.message ?? String(e)}`,
        details: {},
      },
    });
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100);
    return;
  }
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await service.close();
    process.exit(0);
  };
  serveChannel(service, endpoint, () => void shutdown());
  // A Node parent that dies takes the IPC channel with it: close the database cleanly.
  process.on('disconnect', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

void main();
