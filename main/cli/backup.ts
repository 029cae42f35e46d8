import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { tillError } from '../../src/errors';
import { backupFile, verifyStore } from '../store';
import { completeLedgerRows } from '../store/backup';
import { parseFlags, requireFlag } from './args';
import { dbPathFrom, deviceIdOf, requireFile } from './database-file';
import { describeDiscrepancy, formatBytes, say } from './output';

/**
 * Online backup through SQLite's backup API (one committed state, the till may keep
 * selling), then a verify of the copy: a backup nobody checked is not one to trust.
 */
export async function backupCommand(args: string[]): Promise<number> {
  const flags = parseFlags('backup', args, {
    db: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
  });
  const out = resolve(requireFlag('backup', 'out', flags.out));
  const source = dbPathFrom(flags.db);
  requireFile(source);
  const destination = destinationFor(out);
  if (existsSync(destination) && !flags.force) {
    throw tillError(
      'INVALID_INPUT',
      `备份文件已存在：${destination}（要覆盖请加 --force）`,
      `The backup file already exists: ${destination} (add --force to overwrite)`,
    );
  }
  if (destination === source) {
    throw tillError(
      'INVALID_INPUT',
      '备份不能写到数据库本身',
      'A backup cannot overwrite the database itself',
    );
  }
  mkdirSync(dirname(destination), { recursive: true });
  await backupFile(source, destination);
  // A copy taken between a sale's commit and its rows holds the entry without them (decision 0483).
  completeLedgerRows(destination);
  // One self-contained file (no -wal/-shm beside it) is what gets carried on a USB stick.
  const copy = new Database(destination);
  copy.pragma('journal_mode = DELETE');
  try {
    const report = verifyStore(copy, deviceIdOf(copy));
    say(
      `已备份 ${source}\n  → ${destination}（${formatBytes(statSync(destination).size)}，流水 ${report.entries} 条）`,
      `Backed up ${source} → ${destination} (${formatBytes(statSync(destination).size)}, ${report.entries} journal entries)`,
    );
    if (report.ok) {
      say('✔ 备份已校验通过', '✔ The backup verifies');
      return 0;
    }
    say(
      '✘ 备份校验未通过（原数据库可能已损坏）：',
      '✘ The backup fails verification (the database itself may be damaged):',
    );
    for (const d of report.discrepancies.slice(0, 20)) {
      const m = describeDiscrepancy(d);
      console.log(`- ${m.zh}\n  ${m.en}`);
    }
    return 1;
  } finally {
    copy.close();
  }
}

/** An existing directory gets a dated file name inside it. */
function destinationFor(out: string): string {
  if (!existsSync(out) || !statSync(out).isDirectory()) return out;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join(out, `till-${stamp}.db`);
}
