import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS } from '../main/demo/seed';
import { TillStore } from '../main/store';
import { commitSale } from '../main/till/checkout';
import { contextFor } from '../main/till/context';
import { newId } from '../src/ids';
import { bundleEnv, bundleOnce } from './support/node-bundle';
import { type PrinterEmulator, startPrinterEmulator } from './support/printer-emulator';

/**
 * The operator CLI as an operator runs it: a real child process on real database
 * files in a temp dir, judged by exit code and what it prints.
 */

const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI bundled for plain `node`, as the packaged app ships it (dist/main/cli.cjs from
 * scripts/build-main.ts): a run is about 2 s less than under tsx's loader (decision 0655).
 */
async function till(...args: string[]): Promise<Result> {
  const cli = await bundleOnce('main/cli/index.ts');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: ROOT,
      env: bundleEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** One 1-line sale by the first clerk, as the counter makes it; returns its id. */
function sellOne(store: TillStore): string {
  const clerk = store.db.prepare("SELECT id, name, role FROM clerks WHERE role = 'clerk'").get() as {
    id: string;
    name: string;
    role: 'clerk';
  };
  const product = store.db
    .prepare(
      `SELECT p.id FROM products p JOIN stock_levels l ON l.product_id = p.id
       WHERE l.qty > 0 AND p.price_points <= 1000 LIMIT 1`,
    )
    .pluck()
    .get() as string;
  const saleId = newId(store.clock);
  commitSale(
    contextFor(store),
    clerk,
    { saleId, cardUid: DEMO_CARDS.rich, lines: [{ productId: product, qty: 1 }] },
    null,
  );
  return saleId;
}

let dir: string;
let demoDb: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jifen-cli-'));
  demoDb = join(dir, 'data', 'till.db');
  const r = await till('demo', '--db', demoDb, '--households', '40');
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('已创建演示数据库');
  expect(r.stdout).toContain('Demo database created');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('till CLI', () => {
  it('verifies a fresh demo database', async () => {
    const r = await till('verify', '--db', demoDb);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('校验通过');
    expect(r.stdout).toContain('OK: the ledger is intact');
  });

  it("backs up and verifies a file a till left right after a commit: writes the sale's ledger rows first, not a false alarm", async () => {
    const store = new TillStore(demoDb);
    const lagging = join(dir, 'stopped-after-commit.db');
    try {
      sellOne(store);
      // The committed file before the store's next turn: what a power cut right then leaves.
      const raw = new Database(demoDb, { readonly: true });
      raw.prepare('VACUUM INTO ?').run(lagging);
      raw.close();
    } finally {
      store.close();
    }
    // Its backup is a copy with the same gap: the copy gets the rows before its verify.
    const backup = await till('backup', '--db', lagging, '--out', join(dir, 'stopped-backup.db'));
    expect(backup.code, backup.stdout).toBe(0);
    expect(backup.stdout).toContain('备份已校验通过');
    const r = await till('verify', '--db', lagging);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('补写了 1 条本机流水的账页');
    expect(r.stdout).toContain('校验通过');
  });

  it('refuses to overwrite a database with demo data unless forced', async () => {
    const before = statSync(demoDb).mtimeMs;
    const r = await till('demo', '--db', demoDb);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('数据库已存在');
    expect(r.stderr).toContain('add --force');
    expect(statSync(demoDb).mtimeMs).toBe(before);
  });

  it('answers bad command lines with usage and exit code 2', async () => {
    for (const args of [
      [],
      ['frobnicate'],
      ['verify', '--bogus'],
      ['demo', '--households', 'many'],
      // The first four are the demo's special households: the history needs one more.
      ['demo', '--db', join(dir, 'four.db'), '--households', '4'],
      ['backup'],
    ]) {
      const r = await till(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout + r.stderr).toContain('用法 / Usage');
    }
    const missing = await till('verify', '--db', join(dir, 'nowhere.db'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('找不到数据库文件');
    expect(missing.stderr).toContain('Database file not found');
  });

  it('finds a ledger row edited behind the store and names it', async () => {
    const db = join(dir, 'tampered.db');
    expect((await till('demo', '--db', db, '--households', '20')).code).toBe(0);
    const raw = new Database(db);
    raw.exec('DROP TRIGGER points_entries_no_update');
    const row = raw.prepare('SELECT id, household_id FROM points_entries ORDER BY rowid LIMIT 1').get() as {
      id: string;
      household_id: string;
    };
    raw.prepare('UPDATE points_entries SET amount = amount + 10000 WHERE id = ?').run(row.id);
    raw.close();

    const r = await till('verify', '--db', db);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('处不一致');
    expect(r.stdout).toMatch(/账表 points_entries 与流水不一致/);
    expect(r.stdout).toContain('Ledger table points_entries disagrees with the journal');
    expect(r.stdout).toContain(`户 ${row.household_id} 的积分余额不符`);
    expect(r.stdout).toContain(`Household ${row.household_id} balance differs`);
  });

  it('takes a backup that verifies while another process holds the database and appends', async () => {
    const live = join(dir, 'live.db');
    expect((await till('demo', '--db', live, '--households', '20')).code).toBe(0);
    const writer = await startAppender(live);
    try {
      const before = await writer.count();
      const out = join(dir, 'backups');
      const r = await till('backup', '--db', live, '--out', join(out, 'copy.db'));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('备份已校验通过');
      expect(r.stdout).toContain(join(out, 'copy.db'));
      expect(await writer.count()).toBeGreaterThan(before);
      const check = await till('verify', '--db', join(out, 'copy.db'));
      expect(check.code, check.stdout).toBe(0);
    } finally {
      await writer.stop();
    }
    expect((await till('verify', '--db', live)).code).toBe(0);
  });

  it('restores into a new device epoch, refusing while the till holds the file', async () => {
    const backup = join(dir, 'for-restore.db');
    expect((await till('backup', '--db', demoDb, '--out', backup)).code).toBe(0);
    const oldDevice = deviceId(demoDb);

    const target = join(dir, 'restored', 'till.db');
    const r = await till('restore', '--from', backup, '--db', target);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('新设备纪元');
    const newDevice = deviceId(target);
    expect(newDevice).not.toBe(oldDevice);
    expect(r.stdout).toContain(newDevice);
    expect((await till('verify', '--db', target)).code).toBe(0);

    const store = new TillStore(target);
    try {
      const saleId = sellOne(store);
      const [entry] = store.journalAfter(0, 10);
      expect(entry?.id).toBe(saleId);
      expect(entry?.seq).toBe(1);
      expect(entry?.deviceId).toBe(newDevice);

      // The till is "running" (this store holds the file): a second restore is refused, nothing replaced.
      const busy = await till('restore', '--from', backup, '--db', target, '--force');
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain('请先关闭收银台');
      expect(busy.stderr).toContain('Stop the till');
      expect(store.lastSeq()).toBe(1);
    } finally {
      store.close();
    }
    expect((await till('verify', '--db', target)).code).toBe(0);

    const again = await till('restore', '--from', backup, '--db', target);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--force');
    const forced = await till('restore', '--from', backup, '--db', target, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('原数据库另存为');
  });
});

describe('till doctor', () => {
  let printer: PrinterEmulator;
  let db: string;

  beforeAll(async () => {
    printer = await startPrinterEmulator();
    db = join(dir, 'doctor.db');
    expect((await till('demo', '--db', db, '--households', '10')).code).toBe(0);
    const raw = new Database(db);
    raw
      .prepare("INSERT INTO settings (key, value) VALUES ('printer.profile', ?)")
      .run(
        JSON.stringify({ connection: { type: 'tcp', host: printer.host, port: printer.port }, width: 58 }),
      );
    raw.close();
  });

  afterAll(async () => {
    await printer?.close();
  });

  // Readers depend on the machine's pcscd; the NFC tests cover them. Here: the printer half.
  it('reports the printer from settings and prints a test page on it', async () => {
    const r = await till('doctor', '--db', db, '--print-test');
    expect(r.stdout).toContain('— 读卡器 / Card readers —');
    expect(r.stdout).toContain(`TCP ${printer.host}:${printer.port}`);
    expect(r.stdout).toContain('打印机就绪');
    expect(r.stdout).toContain('测试页已打印');
    expect(r.stdout).toContain('Test page printed');
    const [page] = await printer.waitForDocuments(1);
    expect(page?.text).toContain('58');
  });

  it('says what is wrong with the printer in plain words', async () => {
    printer.setStatus('paper-out');
    const r = await till('doctor', '--db', db);
    printer.setStatus('ok');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('打印机缺纸');
    expect(r.stdout).toContain('Printer is out of paper');
  });
});

function deviceId(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return JSON.parse(
      db.prepare("SELECT value FROM settings WHERE key = 'device.id'").pluck().get() as string,
    ) as string;
  } finally {
    db.close();
  }
}

/**
 * A second process standing in for the running till: holds the database open and
 * appends an award every few milliseconds, printing its count after each.
 */
async function startAppender(path: string) {
  const script = join(dir, `appender-${Date.now()}.mts`);
  writeFileSync(
    script,
    `import { TillStore } from ${JSON.stringify(join(ROOT, 'main/store/index.ts'))};
const store = new TillStore(${JSON.stringify(path)});
const household = store.db.prepare('SELECT id FROM households LIMIT 1').pluck().get();
let n = 0;
setInterval(() => {
  store.append({ ...store.header(null), kind: 'points.award', body: { householdId: household, memberId: null,
    ruleId: null, amount: 100, reason: 'test', proposedBy: null, approvedBy: null, reverses: null } });
  console.log('appended', ++n);
}, 3);
process.on('SIGTERM', () => { store.close(); process.exit(0); });
`,
  );
  const child: ChildProcess = spawn(TSX, [script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let last = 0;
  child.stdout!.on('data', (d: Buffer) => {
    const m = /appended (\d+)\s*$/.exec(d.toString());
    if (m) last = Number(m[1]);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 600 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
    if (!ok()) throw new Error('the appender process did not start appending');
  };
  await until(() => last >= 10);
  return {
    /** Waits for the next append, so a count taken later is only bigger if appends went on. */
    async count() {
      const seen = last;
      await until(() => last > seen);
      return last;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
