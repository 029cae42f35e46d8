// npm start: the Electron till when its runtime is installed, otherwise the same till in
// the browser (demo mode, data in ./.till-data). Never triggers a download itself.
// npm start -- --setup: a real till instead (no demo data, no simulated reader), on its
// own data folder ./.till-real (JIFEN_DATA_DIR overrides); an empty folder opens the
// setup screen (join a township or load a setup file).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const port = process.env.JIFEN_PORT ?? '4173';
const real = process.argv.includes('--setup');
// Everything else after `npm start --` goes to the till service as it is: --printer,
// --printer-width, --printer-charset, --reader (see main/host/config.ts).
const passed = process.argv.slice(2).filter((a) => a !== '--setup');
const dataDir = process.env.JIFEN_DATA_DIR ?? join(root, real ? '.till-real' : '.till-data');
const mode = real ? { zh: '正式模式', en: 'real till' } : { zh: '演示模式', en: 'demo mode' };

/**
 * require('electron') would try to download the binary when it is missing; read the
 * same path file it reads instead, and check the binary is really there.
 */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`构建失败 / Build failed: ${cmd} ${args.join(' ')}`);
    process.exit(r.status ?? 1);
  }
}

function buildRendererIfMissing() {
  if (existsSync(join(root, 'dist', 'renderer', 'index.html'))) return;
  console.log('正在构建界面… / Building the UI…');
  run(bin('vite'), ['build']);
}

/** Runs a long-lived child and passes Ctrl-C on, so the till closes its database cleanly. */
function supervise(child) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

const electron = electronBinary();
if (electron) {
  buildRendererIfMissing();
  if (!existsSync(join(root, 'dist', 'main', 'electron.cjs'))) run(bin('tsx'), ['scripts/build-main.ts']);
  console.log(`启动收银台（Electron，${mode.zh}）… / Starting the till (Electron, ${mode.en})…`);
  supervise(
    spawn(electron, [...(real ? [root, `--data-dir=${dataDir}`] : [root, '--demo']), ...passed], {
      cwd: root,
      stdio: 'inherit',
      // In development the service runs under this Node, whose native modules node_modules holds.
      env: { ...process.env, JIFEN_SYSTEM_NODE: process.execPath },
    }),
  );
} else {
  const url = `http://127.0.0.1:${port}`;
  console.log(
    [
      '',
      `未找到 Electron 运行时，改用浏览器模式：${url}`,
      real
        ? '  用 Chrome 或 Edge 打开上面的地址；空的数据目录会先显示设置页面（加入乡镇或载入设置文件）。'
        : '  用 Chrome 或 Edge 打开上面的地址即可收银（演示数据，模拟读卡器）。',
      '  需要桌面版时安装 Electron 运行时：npx install-electron ，然后再运行 npm start。',
      '',
      `Electron runtime not found; using browser mode instead: ${url}`,
      real
        ? '  Open that address in Chrome or Edge; an empty data folder shows the setup screen first (join a township or load a setup file).'
        : '  Open that address in Chrome or Edge to use the till (demo data, simulated reader).',
      '  For the desktop app, install the Electron runtime: npx install-electron , then npm start again.',
      '',
      `数据目录 / Data directory: ${dataDir}`,
      '',
    ].join('\n'),
  );
  buildRendererIfMissing();
  supervise(
    spawn(
      bin('tsx'),
      ['main/host/cli.ts', ...(real ? [] : ['--demo']), '--data-dir', dataDir, '--port', port, ...passed],
      {
        cwd: root,
        stdio: 'inherit',
        shell: process.platform === 'win32',
      },
    ),
  );
}
