import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleView } from '../../src/api/points';
import { till } from '../api';
import { useSession } from '../state/session-store';
import { useUi } from '../state/ui-store';
import { NoticeScreen } from './notice-screen';
import { PointsBatch } from './points-batch';
import { PointsLists } from './points-lists';
import { PointsPending } from './points-pending';
import { PointsPlates } from './points-plates';
import { PointsRules } from './points-rules';
import { PointsStatement } from './points-statement';
import './points-screen.css';

const TABS = ['batch', 'pending', 'lists', 'notice', 'statement', 'plates', 'rules'] as const;
type Tab = (typeof TABS)[number];

/** Earning points at the till, for cadres and managers: over the counter, card taps come here. */
export function PointsScreen() {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const role = useSession((s) => s.clerk?.role);
  const [tab, setTab] = useState<Tab>('batch');
  const [rules, setRules] = useState<RuleView[]>([]);
  const loadRules = useCallback(async () => {
    setRules(await till.call('points.rules', { includeInactive: role === 'manager' }));
  }, [role]);
  useEffect(() => {
    void loadRules();
  }, [loadRules]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  const tabs = TABS.filter((x) => x !== 'rules' || role === 'manager' || role === 'officer');
  return (
    <div className="points-screen" role="dialog" aria-label={t('points.title')} data-testid="points-screen">
      <header className="points-head">
        <h2>{t('points.title')}</h2>
        <nav className="points-tabs">
          {tabs.map((x) => (
            <button
              key={x}
              type="button"
              className={x === tab ? 'btn chip selected' : 'btn chip'}
              onClick={() => setTab(x)}
              data-testid={`points-tab-${x}`}
            >
              {x === 'plates' ? t('plates.tab') : t(`points.tabs.${x}`)}
            </button>
          ))}
        </nav>
        <button type="button" className="btn btn-small" onClick={close} data-testid="points-close">
          {t('common.close')}
        </button>
      </header>
      <div className="points-body">
        {tab === 'batch' && <PointsBatch rules={rules} />}
        {tab === 'pending' && <PointsPending />}
        {tab === 'lists' && <PointsLists rules={rules} />}
        {tab === 'notice' && <NoticeScreen />}
        {tab === 'statement' && <PointsStatement />}
        {tab === 'plates' && <PointsPlates />}
        {tab === 'rules' && <PointsRules rules={rules} onSaved={() => void loadRules()} />}
      </div>
    </div>
  );
}
