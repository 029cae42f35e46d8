import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceFlags } from '../main/electron/service-flags';
import type { TillStatus } from '../src/api/contract';
import { type PrinterEmulator, startPrinterEmulator } from './support/printer-emulator';
import { freePort } from './support/server-process';

/** `npm start -- <flags>` hands the till service's flags on (browser mode: no Electron runtime here). */
describe('npm start passes flags through', () => {
  let child: ChildProcess | undefined;
  let printer: PrinterEmulator | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'jifen-start-'));

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await printer?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the Electron shell picks the service flags out of its arguments', () => {
    expect(
      serviceFlags([
        '/app',
        '--demo',
        '--printer=tcp:10.0.0.9:9100',
        '--printer-width',
        '80',
        '--reader',
        'ACS',
      ]),
    ).toEqual(['--printer', 'tcp:10.0.0.9:9100', '--printer-width', '80', '--reader', 'ACS']);
  });

  it('the browser till started by scripts/start.mjs prints to the --printer given', async () => {
    printer = await startPrinterEmulator();
    const port = await freePort();
    child = spawn(
      process.execPath,
      ['scripts/start.mjs', '--printer', `tcp:127.0.0.1:${printer.port}`, '--printer-width', '80'],
      {
        cwd: process.cwd(),
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, JIFEN_PORT: String(port), JIFEN_DATA_DIR: dataDir },
      },
    );
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const collect = (b: Buffer) => {
        output += b.toString();
        const m = /JIFEN_TILL_URL=(\S+)/.exec(output);
        if (m) resolve(m[1]!);
      };
      child!.stdout!.on('data', collect);
      child!.stderr!.on('data', collect);
      child!.once('exit', (code) => reject(new Error(`start.mjs exited with ${code}:\n${output}`)));
    });
    const origin = url.replace(/\/$/, '');
    const status = async (): Promise<TillStatus> => {
      const res = await fetch(`${origin}/api/status.get`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: '{}',
      });
      return ((await res.json()) as { result: TillStatus }).result;
    };
    let state = (await status()).printer.state;
    for (let i = 0; i < 100 && state !== 'ready'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await status()).printer.state;
    }
    expect(state).toBe('ready');
  }, 180_000);
});
