/**
 * Operator commands: `npm run till -- verify|backup|restore|demo|doctor`, and
 * `npm run doctor`. Plain bilingual output (zh-CN first); exit 0 = fine, 1 = a problem
 * was found or the operation failed, 2 = the command line was wrong.
 */
import { isTillError } from '../../src/errors';
import { backupCommand } from './backup';
import { demoCommand } from './demo';
import { doctorCommand } from './doctor';
import { sayError } from './output';
import { restoreCommand } from './restore';
import { USAGE, UsageError } from './usage';
import { verifyCommand } from './verify';

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  verify: verifyCommand,
  backup: backupCommand,
  restore: restoreCommand,
  demo: demoCommand,
  doctor: doctorCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`未知命令：${name}`, `Unknown command: ${name}`);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  return command(args);
}

/**
 * Exits explicitly once stdout and stderr are flushed: with a card reader attached, the
 * PC/SC binding can keep the process alive after the reader service is closed.
 */
function exit(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main(process.argv.slice(2)).then(exit, (e: unknown) => {
  if (e instanceof UsageError) {
    sayError(e);
    console.error(`\n${USAGE}`);
    exit(2);
  } else if (isTillError(e)) {
    sayError(e);
    exit(1);
  } else {
    sayError({ zh: `意外错误：${String(e)}`, en: `Unexpected error: ${String(e)}` });
    if (e instanceof Error && e.stack) console.error(e.stack);
    exit(1);
  }
});
