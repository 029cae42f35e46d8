import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleView } from '../../src/api/points';
import { formatPoints } from '../../src/money/points';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { pts } from '../format/points';
import { fromTillError, type Refusal } from '../state/refusal';

const LIMITS = ['none', 'event', 'month', 'year'] as const;
type Draft = {
  ruleId: string | null;
  category: string;
  name: string;
  points: string;
  personType: string;
  limit: (typeof LIMITS)[number];
  yearCap: string;
  needsApproval: boolean;
  active: boolean;
};
const EMPTY: Draft = {
  ruleId: null,
  category: '',
  name: '',
  points: '',
  personType: '全体',
  limit: 'none',
  yearCap: '',
  needsApproval: true,
  active: true,
};

/** A manager edits the catalog; every save is a journal entry, so history stays. */
export function PointsRules({ rules, onSaved }: { rules: RuleView[]; onSaved(): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [saved, setSaved] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft({ ...draft, [k]: v });

  const save = async () => {
    try {
      await till.call('points.defineRule', {
        ...draft,
        yearCap: draft.limit === 'year' ? draft.yearCap : null,
      });
      setRefusal(null);
      setSaved(true);
      setDraft(EMPTY);
      onSaved();
    } catch (e) {
      setSaved(false);
      setRefusal(fromTillError(toTillError(e)));
    }
  };

  const field = (k: 'category' | 'name' | 'points' | 'personType' | 'yearCap', label: string) => (
    <label>
      {label}
      <input
        className="text-input"
        value={draft[k]}
        onChange={(e) => set(k, e.target.value)}
        data-testid={`rule-${k}`}
      />
    </label>
  );

  return (
    <div className="points-rules">
      <form
        className="points-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {field('category', t('points.category'))}
        {field('name', t('points.ruleName'))}
        {field('points', t('points.pointsText'))}
        {field('personType', t('points.personType', { type: '' }))}
        <label>
          {t('points.limitLabel')}
          <select
            className="text-input"
            value={draft.limit}
            onChange={(e) => set('limit', e.target.value as Draft['limit'])}
            data-testid="rule-limit"
          >
            {LIMITS.map((l) => (
              <option key={l} value={l}>
                {t(`points.limit.${l}`, { cap: '' })}
              </option>
            ))}
          </select>
        </label>
        {draft.limit === 'year' && field('yearCap', t('points.yearCap'))}
        <label>
          <input
            type="checkbox"
            checked={draft.needsApproval}
            onChange={(e) => set('needsApproval', e.target.checked)}
          />{' '}
          {t('points.needsApproval')}
        </label>
        <label>
          <input type="checkbox" checked={draft.active} onChange={(e) => set('active', e.target.checked)} />{' '}
          {t('points.active')}
        </label>
        <button type="submit" className="btn btn-primary" data-testid="rule-save">
          {t('points.save')}
        </button>
        <button type="button" className="btn" onClick={() => setDraft(EMPTY)}>
          {t('points.newRule')}
        </button>
      </form>
      {refusal && <RefusalMessage refusal={refusal} />}
      {saved && <p className="tone-good">{t('points.saved')}</p>}
      <table className="points-table" data-testid="rule-list">
        <tbody>
          {rules.map((r) => (
            <tr key={r.id} data-testid="rule-row" className={r.active ? '' : 'retired'}>
              <td>{r.category}</td>
              <td>{r.name}</td>
              <td className={r.points < 0 ? 'minus' : 'plus'}>{pts(r.points)}</td>
              <td>{r.personType}</td>
              <td>{t(`points.limit.${r.limit}`, { cap: r.yearCap === null ? '' : pts(r.yearCap) })}</td>
              <td>{r.needsApproval ? t('points.needsApproval') : t('points.noApproval')}</td>
              <td>{r.active ? '' : t('points.retired')}</td>
              <td>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() =>
                    setDraft({
                      ...r,
                      ruleId: r.id,
                      points: formatPoints(r.points),
                      yearCap: r.yearCap === null ? '' : formatPoints(r.yearCap),
                    })
                  }
                >
                  {t('points.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
