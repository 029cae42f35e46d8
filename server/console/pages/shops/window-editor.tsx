import { useTranslation } from 'react-i18next';
import type { RedemptionWindow } from '../../../../src/checkout/redemption-window';

/** The form's view of a redemption window: checkboxes, two times and a text of date ranges. */
export interface WindowForm {
  weekdays: number[];
  hoursFrom: string;
  hoursTo: string;
  ranges: string;
}

export function toForm(w: RedemptionWindow | null): WindowForm {
  return {
    weekdays: w?.weekdays ?? [],
    hoursFrom: w?.hours?.from ?? '',
    hoursTo: w?.hours?.to ?? '',
    ranges: (w?.ranges ?? []).map((r) => `${r.from}..${r.to}`).join('\n'),
  };
}

/** null = always open; throws the offending line when a range is not YYYY-MM-DD..YYYY-MM-DD. */
export function fromForm(f: WindowForm): RedemptionWindow | null {
  const ranges = f.ranges
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|~|至|—|-{2})\s*(\d{4}-\d{2}-\d{2})$/.exec(line);
      if (!m) throw new Error(line);
      return { from: m[1]!, to: m[2]! };
    });
  const w: RedemptionWindow = {
    ...(f.weekdays.length > 0 ? { weekdays: [...f.weekdays].sort() } : {}),
    ...(ranges.length > 0 ? { ranges } : {}),
    ...(f.hoursFrom && f.hoursTo ? { hours: { from: f.hoursFrom, to: f.hoursTo } } : {}),
  };
  return Object.keys(w).length === 0 ? null : w;
}

export function WindowEditor({ value, onChange }: { value: WindowForm; onChange(v: WindowForm): void }) {
  const { t } = useTranslation();
  const names = t('shops.weekdayNames', { returnObjects: true }) as string[];
  return (
    <fieldset className="window-editor">
      <legend>{t('shops.window')}</legend>
      <div className="row">
        <span>{t('shops.weekdays')}:</span>
        {names.map((n, i) => (
          <label key={n} className="check">
            <input
              type="checkbox"
              checked={value.weekdays.includes(i + 1)}
              onChange={(e) =>
                onChange({
                  ...value,
                  weekdays: e.target.checked
                    ? [...value.weekdays, i + 1]
                    : value.weekdays.filter((d) => d !== i + 1),
                })
              }
            />
            {n}
          </label>
        ))}
      </div>
      <div className="row">
        <span>{t('shops.hours')}:</span>
        <label className="check">
          {t('shops.hoursFrom')}
          <input
            type="time"
            value={value.hoursFrom}
            onChange={(e) => onChange({ ...value, hoursFrom: e.target.value })}
          />
        </label>
        <label className="check">
          {t('shops.hoursTo')}
          <input
            type="time"
            value={value.hoursTo}
            onChange={(e) => onChange({ ...value, hoursTo: e.target.value })}
          />
        </label>
      </div>
      <label className="field">
        <span>{t('shops.ranges')}</span>
        <textarea
          rows={2}
          value={value.ranges}
          onChange={(e) => onChange({ ...value, ranges: e.target.value })}
        />
      </label>
    </fieldset>
  );
}

export function WindowText({ value }: { value: RedemptionWindow | null }) {
  const { t } = useTranslation();
  if (!value) return <>{t('shops.always')}</>;
  const names = t('shops.weekdayNames', { returnObjects: true }) as string[];
  const parts = [
    value.weekdays?.length
      ? t('shops.weekdayList', { days: value.weekdays.map((d) => names[d - 1]).join('、') })
      : null,
    value.hours ? t('shops.hoursText', value.hours) : null,
    value.ranges?.length ? t('shops.rangesText', { count: value.ranges.length }) : null,
  ].filter(Boolean);
  return <>{parts.join('，')}</>;
}
