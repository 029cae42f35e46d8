/** Hundredths of a point as people write them: 1250 → "12.5", -300 → "-3". */
export function points(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  return `${sign}${whole}${frac === 0 ? '' : `.${String(frac).padStart(2, '0').replace(/0$/, '')}`}`;
}

/** A business date as it is (YYYY-MM-DD), a time in the township's zone. */
export function dateTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ms);
}

/** A period (YYYY-MM) as people name a month: "2026年12月", "Dec 2026". */
export function monthName(period: string, lang: string): string {
  const [y, m] = period.split('-').map(Number);
  return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', year: 'numeric', month: 'short' }).format(
    Date.UTC(y ?? 0, (m ?? 1) - 1, 1),
  );
}
