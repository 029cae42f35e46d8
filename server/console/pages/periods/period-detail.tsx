import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeriodPreviewView } from '../../../../src/console/periods';
import { api, type ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { when, yuan } from '../../format';
import { asApiError, useLoad } from '../../hooks/use-load';
import { hrefTo } from '../../state/router';
import { ReportTable } from './report-tables';

/** #/periods/<YYYY-MM>: preview by village and shop, tills behind, close after confirming, downloads. */
export function PeriodDetail({ townshipId, period }: { townshipId: string; period: string }) {
  const { t } = useTranslation();
  const path = `/townships/${townshipId}/periods/${period}`;
  const view = useLoad(() => api.get<PeriodPreviewView>(path), `${townshipId}/${period}`);
  const [confirm, setConfirm] = useState('');
  const [force, setForce] = useState(false);
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [closedNow, setClosedNow] = useState(false);
  const d = view.data;
  const r = d?.report;

  const close = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post(`${path}/close`, { confirm, force });
      setClosedNow(true);
      view.reload();
    } catch (err) {
      setError(asApiError(err));
    }
  };

  const stockByShop = new Map(r?.stock.map((s) => [s.shopId, s.valueFen]));
  return (
    <section>
      <p>
        <a href={hrefTo('periods')}>{t('periods.back')}</a>
      </p>
      <ErrorBox error={view.error} />
      {d && r && (
        <>
          <h1>{t(d.signature ? 'periods.closedTitle' : 'periods.previewTitle', { period })}</h1>
          {closedNow && (
            <p className="ok-box" role="status">
              {t('periods.closedOk', { period })}
            </p>
          )}
          <p data-testid="period-counts">
            {t('periods.counts', {
              overdrafts: r.overdrafts.length,
              voids: r.voids.length,
              late: r.totals.lateEntries,
              entries: r.totals.entries,
            })}{' '}
            · {t('periods.stockValue')}: {yuan(r.stockValueFen)}
          </p>
          <ReportTable
            title={t('periods.byVillage')}
            rows={r.byVillage}
            total={r.totals}
            testId="by-village"
          />
          <ReportTable
            title={t('periods.byShop')}
            rows={r.byShop}
            total={r.totals}
            stockFen={(key) => stockByShop.get(key) ?? null}
            testId="by-shop"
          />
          <h2>{t('periods.behindTitle')}</h2>
          {d.behind.length === 0 ? (
            <p className="ok-box">{t('periods.behindNone')}</p>
          ) : (
            <table data-testid="behind">
              <thead>
                <tr>
                  <th>{t('periods.till')}</th>
                  <th>{t('periods.shop')}</th>
                  <th className="num">{t('periods.missing')}</th>
                  <th>{t('periods.lastSync')}</th>
                </tr>
              </thead>
              <tbody>
                {d.behind.map((b) => (
                  <tr key={b.deviceId} className="warn">
                    <td>{b.name}</td>
                    <td>{b.shopName}</td>
                    <td className="num">{b.missing ?? t('periods.missingUnknown')}</td>
                    <td>{b.lastSyncAt === null ? t('common.never') : when(b.lastSyncAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {d.signature ? (
            <div className="card">
              <p>{t('periods.closedBy', { name: d.closedBy ?? '—', time: when(d.closedAt) })}</p>
              <h2>{t('periods.downloads')}</h2>
              <div className="toolbar">
                <a className="button" href={api.href(`${path}/report.csv`)} download>
                  {t('periods.csv')}
                </a>
                <a className="button" href={api.href(`${path}/report.xlsx`)} download>
                  {t('periods.xlsx')}
                </a>
                <a className="button" href={api.href(`${path}/report.html`)} target="_blank" rel="noreferrer">
                  {t('periods.print')}
                </a>
              </div>
              <p className="small hint">
                {t('periods.signature')}: <span className="mono">{d.signature}</span>
              </p>
            </div>
          ) : !d.ended ? (
            <p className="notice">{t('periods.notEnded')}</p>
          ) : (
            <form className="card" onSubmit={close}>
              <Field
                label={t('periods.confirmLabel', { period })}
                value={confirm}
                onChange={(e) => setConfirm(e.target.value)}
              />
              {d.behind.length > 0 && (
                <label className="check">
                  <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
                  {t('periods.force')}
                </label>
              )}
              <ErrorBox error={error} />
              <div className="toolbar">
                <button type="submit" className="primary" disabled={confirm.trim() !== period}>
                  {t('periods.close')}
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
