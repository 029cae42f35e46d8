import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notice } from '../../src/points';
import { pts } from '../format/points';

const ROWS_PER_PAGE = 12;
const ROTATE_MS = 8000;

/**
 * 一屏公示 (001): the month's notice on a large screen, rotating through the top ten, the red
 * and black lists and the household totals a page at a time; typing a house number shows
 * that household's month until it is cleared.
 */
export function NoticeDisplay({ notice, onClose }: { notice: Notice; onClose(): void }) {
  const { t } = useTranslation();
  const totalPages = Math.max(1, Math.ceil(notice.totals.length / ROWS_PER_PAGE));
  const slides = 2 + totalPages;
  const [slide, setSlide] = useState(0);
  const [query, setQuery] = useState('');

  useEffect(() => {
    const timer = setInterval(() => setSlide((s) => (s + 1) % slides), ROTATE_MS);
    return () => clearInterval(timer);
  }, [slides]);

  const found = query.trim()
    ? notice.totals.find((x) => x.householdNumber.toUpperCase() === query.trim().toUpperCase())
    : undefined;
  const c = (k: string) => t(`points.columns.${k}`);

  let body: React.ReactNode;
  if (found) {
    body = (
      <div data-testid="display-household">
        <h2>
          {found.householdNumber} {found.name}
        </h2>
        <p className="display-big">
          {c('awarded')} {pts(found.awarded)} · {c('deducted')} {pts(-found.deducted)} · {c('net')}{' '}
          {pts(found.net)}
        </p>
        <table className="notice-table">
          <tbody>
            {notice.entries
              .filter((e) => e.householdId === found.householdId)
              .map((e) => (
                <tr key={e.id}>
                  <td>{e.businessDate.slice(5)}</td>
                  <td>{e.name}</td>
                  <td>{e.ruleName}</td>
                  <td>{e.reason}</td>
                  <td>{pts(e.amount)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    );
  } else if (slide === 0) {
    body = (
      <div data-testid="display-top10">
        <h2>{t('points.top10')}</h2>
        <ol className="display-ranking">
          {notice.top10.map((r) => (
            <li key={r.householdId}>
              <span>{r.rank}</span> <span>{r.householdNumber}</span> <span>{r.name}</span>{' '}
              <span>{pts(r.net)}</span>
            </li>
          ))}
        </ol>
      </div>
    );
  } else if (slide === 1) {
    body = (
      <div className="notice-columns" data-testid="display-lists">
        {(['red', 'black'] as const).map((k) => (
          <section key={k}>
            <h2>{t(`points.${k}`)}</h2>
            <ul className="display-ranking">
              {notice[k].length === 0 && <li>{t('points.none')}</li>}
              {notice[k].map((r) => (
                <li key={`${r.householdId}:${r.from}`}>
                  {r.householdNumber} {r.name}：{r.reason}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    );
  } else {
    const page = slide - 2;
    body = (
      <div data-testid="display-totals">
        <h2>
          {t('points.totals')} {page + 1}/{totalPages}
        </h2>
        <table className="notice-table display-table">
          <tbody>
            {notice.totals.slice(page * ROWS_PER_PAGE, (page + 1) * ROWS_PER_PAGE).map((r) => (
              <tr key={r.householdId}>
                <td>{r.householdNumber}</td>
                <td>{r.name}</td>
                <td>{pts(r.awarded)}</td>
                <td>{pts(-r.deducted)}</td>
                <td>{pts(r.net)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <div className="notice-display" data-testid="notice-display">
      <header className="points-head">
        <h1>{t('points.noticeTitle', { village: notice.villageName, period: notice.period })}</h1>
        <input
          className="text-input narrow"
          value={query}
          placeholder={t('points.displaySearch')}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="display-search"
        />
        <button type="button" className="btn btn-small" onClick={onClose} data-testid="display-close">
          {t('common.close')}
        </button>
      </header>
      <div className="display-body">{body}</div>
    </div>
  );
}
