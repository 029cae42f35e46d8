import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { addDays } from '../../src/clock';
import { pts } from '../format/points';
import { pick } from '../i18n';
import type { Refusal } from '../state/refusal';

/** Interpolation values for refusals the renderer words itself. */
function values(r: Refusal): Record<string, unknown> {
  const d = r.details;
  const v: Record<string, unknown> = { ...d };
  if (typeof d.has === 'number') v.has = pts(d.has);
  if (typeof d.needs === 'number') v.needs = pts(d.needs);
  if (typeof d.has === 'number' && typeof d.needs === 'number') v.short = pts(d.needs - d.has);
  if (typeof d.resumesOn === 'string') {
    v.lastDay = addDays(d.resumesOn, -1);
    v.resumesOn = d.resumesOn;
  }
  return v;
}

export function refusalTitle(t: TFunction, r: Refusal): string {
  return t(`refusal.${r.code}.title`, { defaultValue: t('refusal.generic') });
}

export function refusalBody(t: TFunction, r: Refusal): string {
  if (r.text) return pick(r.text);
  if (r.code === 'HOUSEHOLD_SUSPENDED' && typeof r.details.resumesOn !== 'string') {
    return t('refusal.HOUSEHOLD_SUSPENDED.bodyNoDate', values(r));
  }
  return t(`refusal.${r.code}.body`, { ...values(r), defaultValue: '' });
}

interface Props {
  refusal: Refusal;
  onDismiss?: () => void;
  large?: boolean;
}

/** A refusal in plain words: what happened as the title, the numbers and dates below. */
export function RefusalMessage({ refusal, onDismiss, large = false }: Props) {
  const { t } = useTranslation();
  const reason = typeof refusal.details.reason === 'string' ? refusal.details.reason : null;
  return (
    <div
      className={large ? 'refusal refusal-large' : 'refusal'}
      role="alert"
      data-testid="refusal"
      data-code={refusal.code}
    >
      <div className="refusal-title">{refusalTitle(t, refusal)}</div>
      <div className="refusal-body">{refusalBody(t, refusal)}</div>
      {reason && !refusal.text && <div className="refusal-reason">{t('refusal.reason', { reason })}</div>}
      {onDismiss && (
        <button type="button" className="btn btn-small" onClick={onDismiss} data-own-enter>
          {t('common.ok')}
        </button>
      )}
    </div>
  );
}
