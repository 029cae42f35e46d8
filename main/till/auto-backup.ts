import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { backupStore, type TillStore } from '../store';

const KEEP = 14;
const CHECK_EVERY_MS = 3600_000;

/**
 * One consistent backup a day (SQLite backup API, while trading goes on) into
 * `<dataDir>/backups`, copied to a second place when one is set and mounted (a USB
 * stick: setting `backup.secondary_dir`). Keeps the last two weeks.
 */
export function scheduleDailyBackups(
  store: TillStore,
  dataDir: string,
  onError: (e: unknown) => void,
): () => void {
  const dir = join(dataDir, 'backups');
  let running: Promise<void> | null = null;
  const backupToday = async () => {
    try {
      mkdirSync(dir, { recursive: true });
      const name = `till-${store.businessDate()}.db`;
      const target = join(dir, name);
      if (!existsSync(target)) {
        await backupStore(store, target);
        const secondary = store.getSetting<string>('backup.secondary_dir');
        if (secondary && existsSync(secondary)) copyFileSync(target, join(secondary, name));
      }
      const old = readdirSync(dir)
        .filter((f) => /^till-\d{4}-\d{2}-\d{2}\.db$/.test(f))
        .sort()
        .slice(0, -KEEP);
      for (const f of old) rmSync(join(dir, f), { force: true });
    } catch (e) {
      onError(e);
    }
  };
  const runOnce = () => {
    running ??= backupToday().finally(() => {
      running = null;
    });
  };
  runOnce();
  const timer = setInterval(runOnce, CHECK_EVERY_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
