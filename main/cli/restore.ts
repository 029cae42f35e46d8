import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { tillError } from '../../src/errors';
import { backupFile, restoreStore } from '../store';
import { parseFlags, requireFlag } from './args';
import { dbPathFrom, refuseInUse, requireFile } from './database-file';
import { say } from './output';

/**
 * Restores a verified backup (restoreStore) and starts a new device epoch. The till
 * must be stopped: a running till would keep writing to a file that is replaced under
 * it. The database being replaced is first copied aside, since it may hold sales made
 * after the backup that have not reached the township yet.
 */
export async function restoreCommand(args: string[]): Promise<number> {
  const flags = parseFlags('restore', args, {
    from: { type: 'string' },
    db: { type: 'string' },
    force: { type: 'boolean', default: false },
  });
  const from = resolve(requireFlag('restore', 'from', flags.from));
  const target = dbPathFrom(flags.db);
  requireFile(from);
  if (from === target) {
    throw tillError(
      'INVALID_INPUT',
      '备份文件与目标数据库相同',
      'The backup and the target are the same file',
    );
  }
  let keptAside: string | null = null;
  if (existsSync(target)) {
    refuseInUse(target, '恢复', 'restore');
    if (!flags.force) {
      throw tillError(
        'INVALID_INPUT',
        `目标数据库已存在：${target}。恢复会替换它（原文件会先另存一份）；确认请加 --force。`,
        `The target database exists: ${target}. A restore replaces it (a copy is kept aside first); add --force to confirm.`,
      );
    }
    keptAside = `${target}.before-restore-${Date.now()}.bak`;
    await backupFile(target, keptAside);
  } else {
    mkdirSync(dirname(target), { recursive: true });
  }
  const result = restoreStore(from, target);
  say(`已从 ${from} 恢复到 ${target}`, `Restored ${from} to ${target}`);
  if (keptAside) say(`原数据库另存为 ${keptAside}`, `The replaced database was kept as ${keptAside}`);
  say(
    `新设备纪元：设备编号 ${result.deviceId}（接续 ${result.previousDeviceId}）`,
    `New device epoch: device id ${result.deviceId} (continues ${result.previousDeviceId})`,
  );
  say('下次同步时乡镇服务器会关联新旧设备编号。', 'The township server links the two ids at the next sync.');
  return 0;
}
