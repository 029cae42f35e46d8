import { type ZodType, z } from 'zod';
import { type TillError, tillError } from './errors';

const zh = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;

function say(format: typeof zh, issue: z.core.$ZodIssue): string {
  const out = format(issue as never);
  const text = typeof out === 'string' ? out : (out?.message ?? issue.message);
  return issue.path.length > 0 ? `${issue.path.join('.')}：${text}` : text;
}

/** A schema failure as a TillError, worded in both languages (zod's own zh-CN and en locales). */
export function validationError(error: z.ZodError, details: Record<string, unknown> = {}): TillError {
  const issues = error.issues.slice(0, 5);
  return tillError(
    'INVALID_INPUT',
    `输入有误：${issues.map((i) => say(zh, i)).join('；')}`,
    `Invalid input: ${issues.map((i) => say(en, i).replace('：', ': ')).join('; ')}`,
    { ...details, issues: issues.map((i) => ({ path: i.path.map(String), code: i.code })) },
  );
}

/** Parses at a boundary: the value, or a bilingual INVALID_INPUT error (also for a text with a lone surrogate). */
export function parseInput<T extends ZodType>(
  schema: T,
  value: unknown,
  details: Record<string, unknown> = {},
): z.output<T> {
  const r = schema.safeParse(value, { reportInput: true });
  if (!r.success) throw validationError(r.error, details);
  const lone = loneSurrogatePath(r.data);
  if (lone !== null) throw loneSurrogateError(lone, details);
  return r.data;
}

/** String#isWellFormed (ES2024; Node 20 has it): false exactly when the text holds a lone surrogate. */
const wellFormed = (String.prototype as unknown as { isWellFormed(this: string): boolean }).isWellFormed;

/** Deeper than any input schema: what lies below is not walked (nothing the schemas keep is there). */
const MAX_DEPTH = 64;

/**
 * Where a parsed input holds a text with a lone UTF-16 surrogate (a key or a value), or
 * null. Such a text has no canonical JSON (RFC 8785), so an entry holding it can never be
 * hashed: each input edge refuses it with loneSurrogateError before anything is written.
 */
export function loneSurrogatePath(value: unknown): (string | number)[] | null {
  const path: (string | number)[] = [];
  return walk(value, path, 0) ? path : null;
}

function walk(v: unknown, path: (string | number)[], depth: number): boolean {
  if (typeof v === 'string') return !wellFormed.call(v);
  if (typeof v !== 'object' || v === null || depth >= MAX_DEPTH) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      if (walk(v[i], path, depth + 1)) return true;
      path.pop();
    }
    return false;
  }
  for (const key in v) {
    if (!Object.hasOwn(v, key)) continue;
    path.push(key);
    if (!wellFormed.call(key) || walk((v as Record<string, unknown>)[key], path, depth + 1)) return true;
    path.pop();
  }
  return false;
}

/** The refusal of a lone surrogate at `path`, in both languages, shaped as validationError's. */
export function loneSurrogateError(
  path: readonly (string | number)[],
  details: Record<string, unknown> = {},
): TillError {
  const where = path.length > 0 ? `${path.join('.')}：` : '';
  return tillError(
    'INVALID_INPUT',
    `输入有误：${where}含有无法保存的字符（不成对的代理项）`,
    `Invalid input: ${where.replace('：', ': ')}holds a character that cannot be stored (a lone surrogate)`,
    { ...details, issues: [{ path: path.map(String), code: 'lone_surrogate' }] },
  );
}
