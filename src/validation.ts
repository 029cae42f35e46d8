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

/** Parses at a boundary: the value, or a bilingual INVALID_INPUT error. */
export function parseInput<T extends ZodType>(
  schema: T,
  value: unknown,
  details: Record<string, unknown> = {},
): z.output<T> {
  const r = schema.safeParse(value, { reportInput: true });
  if (!r.success) throw validationError(r.error, details);
  return r.data;
}
