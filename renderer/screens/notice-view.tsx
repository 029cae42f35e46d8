import { useTranslation } from 'react-i18next';
import type { Notice } from '../../src/points';
import { pts } from '../format/points';

/**
 * The monthly public notice (一月一公示) as one A4 page: every award and deduction, the
 * household totals, the top ten, the red and black lists. The same markup is the screen
 * and the print (the print style sheet shows only this block).
 */
export function NoticeView({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  const c = (k: string) => t(`points.columns.${k}`);
  return (
    <article className="notice-print" data-testid="notice">
      <h1 data-testid="notice-title">
        {t('points.noticeTitle', { village: notice.villageName, period: notice.period })}
      </h1>
      <p data-testid="notice-sum">
        {t('points.sum', {
          awarded: pts(notice.awarded),
          deducted: pts(-notice.deducted),
          net: pts(notice.net),
        })}
      </p>
      <div className="notice-columns">
        <section>
          <h2>{t('points.top10')}</h2>
          <table className="notice-table" data-testid="notice-top10">
            <thead>
              <tr>
                <th>{c('rank')}</th>
                <th>{c('number')}</th>
                <th>{c('name')}</th>
                <th>{c('net')}</th>
              </tr>
            </thead>
            <tbody>
              {notice.top10.map((r) => (
                <tr key={r.householdId}>
                  <td>{r.rank}</td>
                  <td>{r.householdNumber}</td>
                  <td>{r.name}</td>
                  <td>{pts(r.net)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section>
          <h2>{t('points.red')}</h2>
          <Listing rows={notice.red} none={t('points.none')} testId="notice-red" />
          <h2>{t('points.black')}</h2>
          <Listing rows={notice.black} none={t('points.none')} testId="notice-black" />
        </section>
      </div>
      <h2>{t('points.totals')}</h2>
      <table className="notice-table" data-testid="notice-totals">
        <thead>
          <tr>
            <th>{c('number')}</th>
            <th>{c('name')}</th>
            <th>{c('awarded')}</th>
            <th>{c('deducted')}</th>
            <th>{c('net')}</th>
          </tr>
        </thead>
        <tbody>
          {notice.totals.map((r) => (
            <tr key={r.householdId} data-testid="notice-total-row">
              <td>{r.householdNumber}</td>
              <td>{r.name}</td>
              <td>{pts(r.awarded)}</td>
              <td>{pts(-r.deducted)}</td>
              <td>{pts(r.net)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('points.entries')}</h2>
      <table className="notice-table" data-testid="notice-entries">
        <thead>
          <tr>
            <th>{c('date')}</th>
            <th>{c('number')}</th>
            <th>{c('name')}</th>
            <th>{c('rule')}</th>
            <th>{c('reason')}</th>
            <th>{c('points')}</th>
          </tr>
        </thead>
        <tbody>
          {notice.entries.map((e) => (
            <tr key={e.id} data-testid="notice-entry">
              <td>{e.businessDate.slice(5)}</td>
              <td>{e.householdNumber}</td>
              <td>{e.name}</td>
              <td>{e.ruleName}</td>
              <td>{e.reason}</td>
              <td>{pts(e.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

function Listing({ rows, none, testId }: { rows: Notice['red']; none: string; testId: string }) {
  if (rows.length === 0) return <p data-testid={testId}>{none}</p>;
  return (
    <ul className="notice-listing" data-testid={testId}>
      {rows.map((r) => (
        <li key={`${r.householdId}:${r.from}`}>
          {r.householdNumber} {r.name}：{r.reason}
          {r.until ? `（${r.from} — ${r.until}）` : ''}
        </li>
      ))}
    </ul>
  );
}
