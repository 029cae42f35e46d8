import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { tillError } from '../../src/errors';
import { DEMO_CARDS, DEMO_CLERKS, seedDemo } from '../demo/seed';
import { intFlag, parseFlags } from './args';
import { dbPathFrom, refuseInUse } from './database-file';
import { say } from './output';

export async function demoCommand(args: string[]): Promise<number> {
  const flags = parseFlags('demo', args, {
    db: { type: 'string' },
    households: { type: 'string' },
    force: { type: 'boolean', default: false },
  });
  const path = dbPathFrom(flags.db);
  const households =
    flags.households === undefined ? 200 : intFlag('demo', 'households', flags.households, 5, 100_000);
  if (existsSync(path)) {
    if (!flags.force) {
      throw tillError(
        'INVALID_INPUT',
        `数据库已存在：${path}（要用演示数据替换它请加 --force）`,
        `The database already exists: ${path} (add --force to replace it with demo data)`,
      );
    }
    refuseInUse(path, '替换它', 'replace it');
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  }
  mkdirSync(dirname(path), { recursive: true });
  const result = seedDemo(path, { households });
  say(
    `已创建演示数据库：${path}（${result.households} 户）`,
    `Demo database created: ${path} (${result.households} households)`,
  );
  console.log('演示店员 / Demo clerks (PIN):');
  for (const c of DEMO_CLERKS) console.log(`  ${c.name}  ${c.role}  ${c.pin}`);
  console.log('演示卡 / Demo cards:');
  for (const [what, uid] of Object.entries(DEMO_CARDS)) console.log(`  ${uid}  ${what}`);
  return 0;
}
