/**
 * Time is injected everywhere so tests, the crash harness and clock-skew scenarios
 * decide what "now" is. Business dates are Asia/Shanghai unless a township says otherwise.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that reads `startMs` now and runs on at the pace of `base` from here. */
export function clockStartingAt(startMs: number, base: Clock = systemClock): Clock {
  const offset = startMs - base.now();
  return { now: () => base.now() + offset };
}

/**
 * The process clock of a till service or township server. JIFEN_TEST_NOW_MS is set only by
 * tests (tests/support/server-process.ts, tests/e2e/helpers/till-host.ts), so that a child
 * process's business time starts at the instant the test chose instead of today's date;
 * an installed till or server never sets it and runs on the system clock.
 */
export function processClock(testNowMs: string | undefined): Clock {
  if (testNowMs === undefined || testNowMs === '') return systemClock;
  const ms = Number(testNowMs);
  if (!Number.isSafeInteger(ms) || ms <= 0)
    throw new Error(`JIFEN_TEST_NOW_MS is not an instant: ${testNowMs}`);
  return clockStartingAt(ms);
}

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const zonedFormatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const HOUR_MS = 3_600_000;
/** Instants the span arithmetic serves: 1970 to the end of year 9999, where Intl and Date agree on the year. */
const LAST_FAST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The last instant asked for, to the second, with its fields and the texts made of them. */
let last: {
  timeZone: string;
  second: number;
  parts: ZonedParts;
  date: string | null;
  time: string | null;
} | null = null;

/**
 * Per zone, the last UTC hour whose two ends Intl put at the same offset from UTC; an
 * instant inside it gets its fields by Date's UTC arithmetic on the shifted instant.
 * offset null: the zone changed offset within that hour, so each instant asks Intl.
 */
const spans = new Map<string, { from: number; offset: number | null }>();

/**
 * The wall-clock fields of an instant in a zone. Intl's formatToParts decides them, but
 * costs tens of microseconds a call, and a till asks every few seconds: so Intl is asked
 * for the zone's offset at both ends of the instant's UTC hour, and when the two agree
 * (every hour but the ones a zone's clocks change in) the fields come from that offset.
 * The last answer is kept per second (a checkout asks for the same instant several times).
 */
export function zonedParts(ms: number, timeZone = DEFAULT_TIME_ZONE): ZonedParts {
  return zoned(ms, timeZone).parts;
}

function zoned(ms: number, timeZone: string): NonNullable<typeof last> {
  const second = Math.floor(ms / 1000);
  if (last !== null && last.second === second && last.timeZone === timeZone) return last;
  last = { timeZone, second, parts: partsAt(ms, timeZone), date: null, time: null };
  return last;
}

function partsAt(ms: number, timeZone: string): ZonedParts {
  if (!(ms >= 0 && ms <= LAST_FAST_MS)) return intlParts(ms, timeZone);
  const from = ms - (ms % HOUR_MS);
  let span = spans.get(timeZone);
  if (span?.from !== from) {
    const offset = offsetAt(from, timeZone);
    span = { from, offset: offset === offsetAt(from + HOUR_MS - 1, timeZone) ? offset : null };
    spans.set(timeZone, span);
  }
  if (span.offset === null) return intlParts(ms, timeZone);
  const d = new Date(Math.floor(ms / 1000) * 1000 + span.offset);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: ((d.getUTCDay() + 6) % 7) + 1,
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms (whole seconds). */
function offsetAt(ms: number, timeZone: string): number {
  const z = intlParts(ms, timeZone);
  return Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second) - Math.floor(ms / 1000) * 1000;
}

/** The fields as Intl formats them: one cached formatter per zone. */
function intlParts(ms: number, timeZone: string): ZonedParts {
  let f = zonedFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    });
    zonedFormatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    second: Number(p.second),
    weekday: WEEKDAYS.indexOf(p.weekday ?? '') + 1,
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/** The business date ("YYYY-MM-DD") of an instant in the township's zone. */
export function businessDate(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
  const z = zoned(ms, timeZone);
  z.date ??= `${z.parts.year}-${two(z.parts.month)}-${two(z.parts.day)}`;
  return z.date;
}

/** The wall-clock time "HH:MM" of an instant in the township's zone. */
export function localTime(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
  const z = zoned(ms, timeZone);
  z.time ??= `${two(z.parts.hour)}:${two(z.parts.minute)}`;
  return z.time;
}

/**
 * First instant (ms) of a local calendar day in a zone: a UTC guess corrected by the
 * zone's offset at that moment, so it holds for any zone Intl knows.
 */
export function startOfLocalDay(date: string, timeZone = DEFAULT_TIME_ZONE): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  const z = zonedParts(utcMidnight, timeZone);
  const localAsUtc = Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second);
  return utcMidnight - (localAsUtc - utcMidnight);
}

/** "YYYY-MM" of a business date. */
export function periodOf(date: string): string {
  return date.slice(0, 7);
}

/** The month before "YYYY-MM". */
export function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The last calendar day "YYYY-MM-DD" of "YYYY-MM". */
export function lastDayOf(period: string): string {
  return addDays(`${nextPeriod(period)}-01`, -1);
}

/** The month after "YYYY-MM". */
export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Adds whole days to a "YYYY-MM-DD" date (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Adds calendar months, clamping to the month's end (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, day] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return first.toISOString().slice(0, 10);
}

/** "YYYY-MM-DD HH:mm:ss" in the township's zone, for receipts and screens. */
export function localDateTime(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
  const z = zonedParts(ms, timeZone);
  return `${z.year}-${two(z.month)}-${two(z.day)} ${two(z.hour)}:${two(z.minute)}:${two(z.second)}`;
}
