import { completeLedgerRows } from '../store/backup';
import { verifyFileParallel } from '../store/verify-parallel';
import { intFlag, parseFlags } from './args';
import { dbPathFrom, deviceIdOf, openReadOnly } from './database-file';
import { describeDiscrepancy, say } from './output';

/**
 * Reads only; safe while the till runs (verify reads one snapshot in WAL mode). The one
 * write: the ledger rows a till stopped right after a commit left unwritten, which the
 * store writes from the journal on open (decision 0483), so they are not read as missing.
 */
export async function verifyCommand(args: string[]): Promise<number> {
  const flags = parseFlags('verify', args, { db: { type: 'string' }, threads: { type: 'string' } });
  const path = dbPathFrom(flags.db);
  // Named threads are used at any size; by default one thread below 50k entries.
  const threads =
    flags.threads === undefined ? undefined : intFlag('verify', 'threads', flags.threads, 1, 17);
  // A missing file, or one from a newer app, is refused before anything opens it to write.
  openReadOnly(path).close();
  const behind = completeLedgerRows(path);
  if (behind > 0) {
    say(
      `补写了 ${behind} 条本机流水的账页（上次运行在记账后、写账页前停止）`,
      `Wrote the ledger rows of ${behind} journal entries (the last run stopped between a commit and its rows)`,
    );
  }
  const db = openReadOnly(path);
  try {
    const started = performance.now();
    // On every core past 50k entries, each worker on its own read-only connection.
    const report = await verifyFileParallel(
      path,
      deviceIdOf(db),
      threads === undefined ? {} : { workers: threads - 1, minEntries: 0 },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    say(`校验数据库：${path}`, `Verifying ${path}`);
    say(
      `本机流水 ${report.entries} 条，外来记录 ${report.foreignEntries} 条，户余额 ${report.households} 个，库存 ${report.stockLevels} 项（${seconds} 秒）`,
      `${report.entries} journal entries, ${report.foreignEntries} foreign entries, ${report.households} balances, ${report.stockLevels} stock levels (${seconds} s)`,
    );
    if (report.ok) {
      say(
        '✔ 校验通过：账本完整，余额和库存与流水一致',
        '✔ OK: the ledger is intact; balances and stock match the journal',
      );
      return 0;
    }
    say(
      `✘ 发现 ${report.discrepancies.length} 处不一致：`,
      `✘ ${report.discrepancies.length} discrepancies found:`,
    );
    for (const [i, d] of report.discrepancies.entries()) {
      const m = describeDiscrepancy(d);
      console.log(`${i + 1}. ${m.zh}\n   ${m.en}`);
    }
    say(
      '账本可能被篡改或损坏。请勿继续收银，联系乡镇管理员；可从最近一次通过校验的备份恢复。',
      'The ledger may have been tampered with or damaged. Stop trading and call the township administrator; a backup that verifies can be restored.',
    );
    return 1;
  } finally {
    db.close();
  }
}
