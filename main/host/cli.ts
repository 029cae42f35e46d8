/**
 * Browser host entry: the till service in this process, its API and the built renderer
 * on http://127.0.0.1:<port>. `tsx main/host/cli.ts --demo --data-dir .till-data`.
 */
import { processClock } from '../../src/clock';
import { createTillService } from '../till';
import { parseServiceArgs } from './config';
import { startBrowserHost } from './server';

async function main(): Promise<void> {
  const config = parseServiceArgs(process.argv.slice(2));
  const service = await createTillService({
    dataDir: config.dataDir,
    demo: config.demo,
    // No flag: the profile saved on the settings screen.
    printer: config.printer ?? undefined,
    readerPreference: config.readerPreference,
    clock: processClock(process.env.JIFEN_TEST_NOW_MS),
  });
  let host: Awaited<ReturnType<typeof startBrowserHost>>;
  try {
    host = await startBrowserHost({ service, port: config.port, staticDir: config.staticDir });
  } catch (e) {
    await service.close();
    const inUse = (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
    console.error(
      inUse
        ? `端口 ${config.port} 已被占用（收银台是否已在运行？）/ Port ${config.port} is in use (is the till already running?)`
        : String(e),
    );
    process.exit(1);
  }
  // Tests and scripts read this line to learn the URL (the port may be chosen by the OS).
  console.log(`JIFEN_TILL_URL=${host.url}`);
  console.log(`收银台已就绪，请用浏览器打开 ${host.url}  /  The till is ready: open ${host.url}`);
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await host.close();
    await service.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error('收银服务启动失败 / The till failed to start:', e);
  process.exit(1);
});
