import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notice } from '../../src/points';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { fromTillError, type Refusal } from '../state/refusal';
import { NoticeDisplay } from './notice-display';
import { NoticeView } from './notice-view';

/** Choose a month, see the village's notice, print it on A4 (window.print → printer or PDF). */
export function NoticeScreen() {
  const { t } = useTranslation();
  const [period, setPeriod] = useState('');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [display, setDisplay] = useState(false);
  const [slipQueued, setSlipQueued] = useState<string | null>(null);

  const show = async () => {
    try {
      const n = await till.call('points.notice', { period: period.trim() || null });
      setNotice(n);
      setPeriod(n.period);
      setRefusal(null);
      setSlipQueued(null);
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
  };

  /** The short version on the receipt printer, through the print queue. */
  const printSlip = async () => {
    if (!notice) return;
    try {
      const r = await till.call('points.printNotice', { villageId: null, period: notice.period });
      setSlipQueued(r.period);
      setRefusal(null);
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
  };

  return (
    <div className="notice-screen">
      <form
        className="points-search"
        onSubmit={(e) => {
          e.preventDefault();
          void show();
        }}
      >
        <label>
          {t('points.period')}{' '}
          <input
            className="text-input narrow"
            value={period}
            placeholder="YYYY-MM"
            onChange={(e) => setPeriod(e.target.value)}
            data-testid="notice-period"
          />
        </label>
        <button type="submit" className="btn" data-testid="notice-show">
          {t('points.show')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!notice}
          onClick={() => window.print()}
          data-testid="notice-print"
        >
          {t('points.print')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!notice}
          onClick={() => void printSlip()}
          data-testid="notice-print-slip"
        >
          {t('plates.printNoticeSlip')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!notice}
          onClick={() => setDisplay(true)}
          data-testid="notice-display-open"
        >
          {t('points.display')}
        </button>
      </form>
      {refusal && <RefusalMessage refusal={refusal} />}
      {slipQueued && (
        <p className="tone-good" data-testid="notice-slip-queued">
          {t('plates.noticeSlipQueued', { period: slipQueued })}
        </p>
      )}
      {notice && display && <NoticeDisplay notice={notice} onClose={() => setDisplay(false)} />}
      {notice && <NoticeView notice={notice} />}
    </div>
  );
}
