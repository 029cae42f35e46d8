import { tillError } from './errors';

/**
 * Which new PINs a clerk may have. One rule for the township console (the officer's
 * initial PIN) and the till (first-login change, a manager's reset), so a PIN the
 * console accepts is never refused at the counter and the other way round.
 * Login itself still accepts any 4–8 digits: older PINs keep working until changed.
 */
export const PIN_MIN_LENGTH = 6;
export const PIN_MAX_LENGTH = 8;

export type PinProblem =
  | 'not-digits'
  | 'too-short'
  | 'too-long'
  | 'repeated'
  | 'sequence'
  | 'pattern'
  | 'common';

// Well-known PINs that are neither runs nor repeats (lucky numbers, love codes, years).
const COMMON = new Set([
  '520520',
  '521521',
  '131420',
  '520131',
  '147258',
  '159357',
  '258369',
  '168168',
  '198964',
]);

/** The first reason a PIN is refused, or null when it is fine. */
export function pinProblem(pin: string): PinProblem | null {
  if (!/^\d*$/.test(pin)) return 'not-digits';
  if (pin.length < PIN_MIN_LENGTH) return 'too-short';
  if (pin.length > PIN_MAX_LENGTH) return 'too-long';
  if (/^(\d)\1+$/.test(pin)) return 'repeated';
  if (isRun(pin, 1) || isRun(pin, -1)) return 'sequence';
  // 121212, 123123, 112233-like blocks: a short block repeated.
  if (/^(\d{2,4})\1+$/.test(pin) || /^(?:(\d)\1){3,4}$/.test(pin)) return 'pattern';
  if (COMMON.has(pin)) return 'common';
  return null;
}

function isRun(pin: string, step: 1 | -1): boolean {
  for (let i = 1; i < pin.length; i++) {
    if ((Number(pin[i - 1]) + step + 10) % 10 !== Number(pin[i])) return false;
  }
  return true;
}

const MESSAGES: Record<PinProblem, [zh: string, en: string]> = {
  'not-digits': ['密码只能是数字', 'A PIN has digits only'],
  'too-short': [`密码至少 ${PIN_MIN_LENGTH} 位`, `A PIN needs at least ${PIN_MIN_LENGTH} digits`],
  'too-long': [`密码最多 ${PIN_MAX_LENGTH} 位`, `A PIN has at most ${PIN_MAX_LENGTH} digits`],
  repeated: ['密码不能是同一个数字重复（如 000000）', 'A PIN cannot be one digit repeated (like 000000)'],
  sequence: ['密码不能是连续数字（如 123456）', 'A PIN cannot be a run of digits (like 123456)'],
  pattern: ['密码不能是重复的组合（如 121212）', 'A PIN cannot be a repeated pattern (like 121212)'],
  common: ['这个密码太常见，请换一个', 'This PIN is too common; choose another'],
};

/** Throws INVALID_INPUT with both messages when the PIN is refused. */
export function assertPinAllowed(pin: string): void {
  const problem = pinProblem(pin);
  if (!problem) return;
  const [zh, en] = MESSAGES[problem];
  throw tillError('INVALID_INPUT', zh, en, { field: 'pin', problem });
}

export function pinProblemMessage(problem: PinProblem): { zh: string; en: string } {
  const [zh, en] = MESSAGES[problem];
  return { zh, en };
}
