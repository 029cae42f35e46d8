/**
 * The Electron shell, kept thin: start the till service in a utility process, open the
 * counter window, bridge calls. No business logic and no native modules here.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import type { TillServicePort } from '../host/service-port';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { bridgeIpc } from './ipc-bridge';
import { serviceFlags } from './service-flags';
import { startServiceProcess } from './service-process';
import { createCounterWindow, lockDownSession } from './window';

registerAppScheme();

// Two tills on one database would fight over the single writer: keep one instance. quit()
// is asynchronous and 'ready' can still fire in the second instance, starting a second
// till service on the same database before it goes; exit at once and start nothing.
const primary = app.requestSingleInstanceLock();
if (!primary) app.exit(0);

const demo = process.argv.includes('--demo') || process.env.JIFEN_DEMO === '1';
let service: (TillServicePort & { ready: Promise<void> }) | null = null;
let unbridge: (() => void) | null = null;
let quitting = false;

function serviceArgs(): string[] {
  // npm start -- --setup hands its own folder, so a real till never opens the demo database.
  const dataDir = process.argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
  const args = ['--data-dir', dataDir ?? join(app.getPath('userData'), 'till-data')];
  if (demo) args.push('--demo');
  return [...args, ...serviceFlags(process.argv)];
}

function startService(): void {
  let ready = false;
  service = startServiceProcess({
    entry: join(__dirname, 'service.cjs'),
    args: serviceArgs(),
    systemNode: app.isPackaged ? null : (process.env.JIFEN_SYSTEM_NODE ?? 'node'),
    onExit(code) {
      if (quitting) return;
      unbridge?.();
      // A service that never came up would fail again: say why and stop, no restart loop.
      if (!ready) return;
      dialog.showErrorBox(
        '收银服务意外停止 / Till service stopped',
        `收银服务已退出（代码 ${code}），正在重新启动。\nThe till service exited (code ${code}); restarting it.`,
      );
      startService();
    },
  });
  unbridge = bridgeIpc(service, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  service.ready.then(
    () => {
      ready = true;
    },
    (e: Error) => {
      dialog.showErrorBox('收银服务启动失败 / Till service failed to start', e.message);
      app.quit();
    },
  );
}

app.on('second-instance', () => {
  const win = BrowserWindow.getAllWindows()[0];
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

app.whenReady().then(() => {
  if (!primary) return;
  lockDownSession();
  serveRenderer(join(__dirname, '..', 'renderer'));
  startService();
  createCounterWindow(join(__dirname, 'preload.cjs'), !app.isPackaged);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0)
      createCounterWindow(join(__dirname, 'preload.cjs'), !app.isPackaged);
  });
});

app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => {
  quitting = true;
  unbridge?.();
  void service?.close();
});
