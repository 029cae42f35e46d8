import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './usage';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with strict checking; a bad flag becomes a UsageError (exit 2). */
export function parseFlags<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError(
      `${command}：参数有误（${(e as Error).message}）`,
      `${command}: bad arguments (${(e as Error).message})`,
    );
  }
}

export function requireFlag(command: string, name: string, value: string | undefined): string {
  if (value === undefined || value === '') {
    throw new UsageError(`${command}：缺少 --${name}`, `${command}: --${name} is required`);
  }
  return value;
}

/** A whole number in [min, max], or a UsageError naming the flag. */
export function intFlag(command: string, name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(
      `${command}：--${name} 应为 ${min} 到 ${max} 之间的整数，收到“${value}”`,
      `${command}: --${name} must be a whole number from ${min} to ${max}, got "${value}"`,
    );
  }
  return n;
}
