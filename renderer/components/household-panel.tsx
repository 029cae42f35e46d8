import { useTranslation } from 'react-i18next';
import type { HouseholdView } from '../../src/api/contract';
import { addDays } from '../../src/clock';
import { pts, when } from '../format/points';

/** Who is at the counter: household, head, members, balance, status and recent entries. */
export function HouseholdPanel({
  household,
  byPlate = false,
}: {
  household: HouseholdView;
  byPlate?: boolean;
}) {
  const { t } = useTranslation();
  const h = household;
  return (
    <section className="household" aria-label={t('household.label')} data-testid="household-panel">
      <div className="household-head">
        <span className="household-number" data-testid="household-number">
          {t('household.number', { number: h.number })}
        </span>
        {!(h.debt && h.status === 'active') && (
          <span className={`pill pill-${h.status}`} data-testid="household-status">
            {t(`household.status.${h.status}`)}
          </span>
        )}
        {h.debt && (
          <span className="pill pill-debt" data-testid="household-debt-pill">
            {t('day.debt.pill')}
          </span>
        )}
      </div>
      <div className="household-name">{t('household.head', { name: h.headName })}</div>
      {byPlate && (
        <div className="suspension" data-testid="household-by-plate">
          {t('plates.byPlate')}
        </div>
      )}
      <div className="hint">
        {h.villageName} · {h.address}
      </div>
      {h.status === 'suspended' && h.resumesOn && (
        <div className="suspension">
          {t('household.suspendedUntil', { lastDay: addDays(h.resumesOn, -1), resumesOn: h.resumesOn })}
        </div>
      )}
      <div className={h.debt ? 'balance-box balance-debt' : 'balance-box'}>
        <span className="balance-label">{h.debt ? t('day.debt.label') : t('household.balance')}</span>
        <span className="balance-value" data-testid="household-balance">
          {pts(h.balance)}
        </span>
        {h.debt && (
          <span className="debt-note" data-testid="household-debt">
            {h.debt.overdraft?.at
              ? t('day.debt.where', {
                  owed: pts(h.debt.owed),
                  date: when(h.debt.overdraft.at).slice(0, 10),
                  shop: h.debt.overdraft.shopName ?? t('day.debt.otherShop'),
                })
              : t('day.debt.owed', { owed: pts(h.debt.owed) })}
          </span>
        )}
      </div>
      <h3>{t('household.members')}</h3>
      <ul className="members">
        {h.members.map((m) => (
          <li key={m.id}>
            {m.name}
            {m.isHead && <span className="tag">{t('household.headTag')}</span>}
            {m.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))}
          </li>
        ))}
      </ul>
      <h3>{t('household.recent')}</h3>
      <ul className="recent">
        {h.recent.slice(0, 5).map((e) => (
          <li key={e.id} data-testid="recent-line">
            <span className="recent-date">{when(e.at).slice(0, 10)}</span>
            <span className="recent-text">
              {e.text}
              {e.uncounted && (
                <span className="uncounted-note" data-testid="uncounted-note">
                  {t(`verdicts.${e.uncounted}`)}
                </span>
              )}
            </span>
            <span
              className={
                e.uncounted
                  ? 'recent-amount uncounted'
                  : e.amount < 0
                    ? 'recent-amount minus'
                    : 'recent-amount plus'
              }
            >
              {e.amount > 0 ? '+' : ''}
              {pts(e.amount)}
            </span>
          </li>
        ))}
        {h.recent.length === 0 && <li className="hint">{t('household.noRecent')}</li>}
      </ul>
    </section>
  );
}
