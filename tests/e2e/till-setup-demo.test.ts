import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLERKS } from '../../main/demo/seed';
import { createTillService, type TillService } from '../../main/till';
import { ManualClock } from '../../src/clock';
import { keyFingerprint } from '../../src/sync/setup-file';

const FINGERPRINT = keyFingerprint(Buffer.alloc(44, 1).toString('base64'));

/**
 * A demo database never joins a township: its invented awards and sales would enter
 * the real ledger. Both ways in (the setup calls and a manager's sync.enroll) refuse
 * before any network or write, and say how to start a real till. A fresh till refuses
 * trading calls until it is set up.
 */
describe('demo and fresh tills at the setup calls', () => {
  let demoDir: string;
  let freshDir: string;
  let demo: TillService;
  let fresh: TillService;
  const clock = new ManualClock(Date.UTC(2030, 3, 1, 2, 0, 0));

  beforeAll(async () => {
    demoDir = mkdtempSync(join(tmpdir(), 'jifen-demo-enrol-'));
    freshDir = mkdtempSync(join(tmpdir(), 'jifen-fresh-'));
    demo = await createTillService({ dataDir: demoDir, demo: true, sync: false, backups: false, clock });
    fresh = await createTillService({ dataDir: freshDir, demo: false, sync: false, backups: false, clock });
  });

  afterAll(async () => {
    await demo.close();
    await fresh.close();
    rmSync(demoDir, { recursive: true, force: true });
    rmSync(freshDir, { recursive: true, force: true });
  });

  it('a demo database refuses to enrol, and says how to start a real till', async () => {
    const join = await demo.call(
      'setup.join',
      { serverUrl: 'http://127.0.0.1:9', code: 'ABCD-EFGH-JKLM', fingerprint: FINGERPRINT, name: '收银机' },
      null,
    );
    expect(join.ok).toBe(false);
    if (join.ok) return;
    expect(join.error.code).toBe('DEMO_DATABASE');
    expect(join.error.zh).toContain('npm start -- --setup');
    expect(join.error.en).toContain('npm start -- --setup');

    const manager = DEMO_CLERKS.find((c) => c.role === 'manager')!;
    const clerks = await demo.call('session.clerks', {}, null);
    const id = clerks.ok ? clerks.result.find((c) => c.name === manager.name)!.id : '';
    const login = await demo.call('session.login', { clerkId: id, pin: manager.pin }, null);
    const token = login.ok ? login.result.token : null;
    const enrol = await demo.call(
      'sync.enroll',
      { serverUrl: 'http://127.0.0.1:9', code: 'ABCD-EFGH-JKLM', name: '收银机', fingerprint: FINGERPRINT },
      token,
    );
    expect(enrol.ok ? 'enrolled' : enrol.error.code).toBe('DEMO_DATABASE');
    expect(demo.store.getSetting('sync.enrolment')).toBeNull();
  });

  it('a fresh till answers its setup state and refuses trading until set up', async () => {
    const state = await fresh.call('setup.state', {}, null);
    expect(state.ok && state.result.phase).toBe('needs-setup');
    const search = await fresh.call('catalog.search', { query: '米' }, 'no-session');
    expect(search.ok ? 'answered' : search.error.code).toBe('NOT_SET_UP');
    const clerks = await fresh.call('session.clerks', {}, null);
    expect(clerks.ok && clerks.result).toEqual([]);
  });
});
