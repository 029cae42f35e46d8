import { useTranslation } from 'react-i18next';
import type { RuleView } from '../../src/api/points';
import { pts } from '../format/points';

/** The rule catalog as big buttons by category, with each rule's points, limit and approval. */
export function RuleChoice({
  rules,
  value,
  onChange,
  filter,
}: {
  rules: RuleView[];
  value: string | null;
  onChange(id: string): void;
  filter?: (r: RuleView) => boolean;
}) {
  const { t } = useTranslation();
  const shown = rules.filter((r) => r.active && (filter ? filter(r) : true));
  const categories = [...new Set(shown.map((r) => r.category))];
  const chosen = shown.find((r) => r.id === value);
  return (
    <div className="rule-choice">
      {categories.map((c) => (
        <div key={c} className="rule-category">
          <h4>{c}</h4>
          <div className="chip-row">
            {shown
              .filter((r) => r.category === c)
              .map((r) => (
                <button
                  key={r.id}
                  type="button"
                  className={r.id === value ? 'btn chip selected' : 'btn chip'}
                  onClick={() => onChange(r.id)}
                  data-testid="rule-button"
                >
                  {r.name} <span className={r.points < 0 ? 'minus' : 'plus'}>{pts(r.points)}</span>
                </button>
              ))}
          </div>
        </div>
      ))}
      {chosen && (
        <p className="hint" data-testid="rule-facts">
          {t('points.perPerson', { points: pts(chosen.points) })} ·{' '}
          {t(`points.limit.${chosen.limit}`, { cap: chosen.yearCap === null ? '' : pts(chosen.yearCap) })} ·{' '}
          {t('points.personType', { type: chosen.personType })} ·{' '}
          {chosen.needsApproval ? t('points.needsApproval') : t('points.noApproval')}
        </p>
      )}
    </div>
  );
}
