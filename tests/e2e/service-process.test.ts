import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS, DEMO_CLERKS } from '../../main/demo/seed';
import type { FromService } from '../../main/electron/protocol';
import { createServiceClient } from '../../main/electron/service-client';
import type { ApiEvents } from '../../src/api/contract';
import { type Pcscd, startPcscd } from '../support/pcscd';
import { placeCard } from '../support/virtual-card';
import { PCSCD_TURN_TIMEOUT } from './helpers/timeouts';

/**
 * The Electron shell's service entry, run as a plain Node child process over IPC (as in
 * development): the same protocol the utility process speaks in the packaged app.
 */
describe('till service as a child process', () => {
  let pcscd: Pcscd | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'jifen-service-'));
  let child: ChildProcess | undefined;
  let exited: Promise<number | null>;
  let client: ReturnType<typeof createServiceClient>;

  beforeAll(async () => {
    pcscd = await startPcscd();
    const proc = fork('main/electron/service-entry.ts', ['--data-dir', dataDir, '--demo'], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    client = createServiceClient(
      { post: (m) => proc.send(m), onMessage: (l) => proc.on('message', (m) => l(m as FromService)) },
      () => {},
    );
    await client.ready;
  }, PCSCD_TURN_TIMEOUT);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await pcscd?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers calls, checks the token, and pushes card taps', async () => {
    const clerks = await client.call('session.clerks', {}, null);
    expect(clerks.ok).toBe(true);
    const clerk = DEMO_CLERKS.find((c) => c.role === 'clerk')!;
    const id = clerks.ok ? clerks.result.find((c) => c.name === clerk.name)!.id : '';

    const refused = await client.call('card.lookup', { uid: DEMO_CARDS.rich }, null);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('NOT_LOGGED_IN');

    const login = await client.call('session.login', { clerkId: id, pin: clerk.pin }, null);
    const token = login.ok ? login.result.token : null;
    const card = await client.call('card.lookup', { uid: DEMO_CARDS.rich }, token);
    expect(card.ok && card.result.household?.number).toBeTruthy();

    const tapped = new Promise<ApiEvents['card.tapped']>((resolve) => {
      client.on('card.tapped', (e) => {
        if (!e.simulated) resolve(e);
      });
    });
    const virtual = await placeCard({ uid: DEMO_CARDS.poor });
    try {
      expect((await tapped).uid).toBe(DEMO_CARDS.poor);
    } finally {
      await virtual.remove();
    }
  });

  it('closes cleanly when the shell says so', async () => {
    client.close();
    await expect(exited).resolves.toBe(0);
  });
});
