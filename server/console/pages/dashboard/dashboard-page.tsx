import { useTranslation } from 'react-i18next';
import type { DashboardTill, DashboardView } from '../../../../src/console/dashboard';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { offset, pts, when } from '../../format';
import { useLoad } from '../../hooks/use-load';
import { pick } from '../../i18n/language';
import { hrefTo } from '../../state/router';
import type { PageProps } from '../types';

export function DashboardPage({ session, townshipId }: PageProps) {
  const { t } = useTranslation();
  const view = useLoad(() => api.get<DashboardView>(`/townships/${townshipId}/dashboard`), townshipId);
  const township = session.townships.find((x) => x.id === townshipId);
  const d = view.data;
  const tz = d?.timeZone;
  const isOfficer = session.officer.role === 'officer';

  const lag = (till: DashboardTill) =>
    till.pending === null ? (
      <span className="badge warn">{t('dashboard.unknown')}</span>
    ) : till.pending === 0 ? (
      <span className="badge good">{t('dashboard.upToDate')}</span>
    ) : till.status === 'superseded' ? (
      // A superseded till can push no more: its entries after the backup it was restored from never arrive.
      <span className="badge" title={t('dashboard.supersededHint')}>
        {t('dashboard.superseded', { count: till.pending })}
      </span>
    ) : (
      <span className="badge bad">{till.pending}</span>
    );

  return (
    <section>
      <div className="toolbar">
        <h1>{t('dashboard.title', { township: township?.name ?? '' })}</h1>
        <span className="spacer" />
        <button type="button" onClick={view.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <ErrorBox error={view.error} />
      {d && (
        <>
          <p className="hint">
            {t('dashboard.serverTime', { time: when(d.serverTime, tz) })} · {t('dashboard.fingerprint')}:{' '}
            <span className="mono">{d.fingerprint}</span>
          </p>
          <h2>{t('dashboard.shops')}</h2>
          {d.shops.length === 0 ? (
            <p className="notice">{t('dashboard.noShops')}</p>
          ) : (
            <table data-testid="dashboard-tills">
              <thead>
                <tr>
                  <th>{t('dashboard.village')}</th>
                  <th>{t('dashboard.shop')}</th>
                  <th>{t('dashboard.till')}</th>
                  <th>{t('dashboard.status')}</th>
                  <th>{t('dashboard.lastSync')}</th>
                  <th className="num">{t('dashboard.tillSeq')}</th>
                  <th className="num">{t('dashboard.serverSeq')}</th>
                  <th>{t('dashboard.pending')}</th>
                  <th className="num">{t('dashboard.clockOffset')}</th>
                  <th>{t('dashboard.version')}</th>
                  <th>{t('dashboard.hardware')}</th>
                </tr>
              </thead>
              <tbody>
                {d.shops.flatMap((shop) =>
                  shop.tills.length === 0
                    ? [
                        <tr key={shop.id}>
                          <td>{shop.villageName}</td>
                          <td>{shop.name}</td>
                          <td colSpan={9} className="hint">
                            {t('dashboard.noTills')}
                          </td>
                        </tr>,
                      ]
                    : shop.tills.map((till) => (
                        <tr
                          key={till.id}
                          className={till.status === 'active' ? '' : 'warn'}
                          data-till={till.id}
                        >
                          <td>{shop.villageName}</td>
                          <td>{shop.name}</td>
                          <td>{till.name}</td>
                          <td>{t(`dashboard.statusNames.${till.status}`)}</td>
                          <td>{till.lastSyncAt === null ? t('common.never') : when(till.lastSyncAt, tz)}</td>
                          <td className="num">{till.tillSeq ?? '—'}</td>
                          <td className="num">{till.serverSeq}</td>
                          <td data-testid="till-pending">{lag(till)}</td>
                          <td className="num">{offset(till.clockOffsetMs)}</td>
                          <td>{till.reported?.appVersion ?? t('dashboard.unknown')}</td>
                          <td data-testid="till-hardware">
                            {till.reported === null ? (
                              t('dashboard.unknown')
                            ) : till.reported.problems.length === 0 ? (
                              <span className="badge good">{t('dashboard.hardwareOk')}</span>
                            ) : (
                              till.reported.problems.map((p) => (
                                <div key={p.part} className="badge bad">
                                  {t(`dashboard.parts.${p.part}`)}: {pick(p)}
                                </div>
                              ))
                            )}
                          </td>
                        </tr>
                      )),
                )}
              </tbody>
            </table>
          )}
          {d.silentTills > 0 && (
            <div className="card warn-card">
              <strong>{t('dashboard.silentTitle', { count: d.silentTills })}</strong>
              <p className="hint">{t('dashboard.silentHint')}</p>
            </div>
          )}
          <h2>
            {t('dashboard.overdrafts')}{' '}
            {d.openOverdrafts.count > 0 && (
              <span className="badge bad">
                {t('dashboard.overdraftCount', { count: d.openOverdrafts.count })}
              </span>
            )}
          </h2>
          {d.openOverdrafts.count === 0 ? (
            <p className="hint">{t('dashboard.noOverdrafts')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t('dashboard.household')}</th>
                  <th>{t('dashboard.village')}</th>
                  <th className="num">{t('dashboard.balanceAfter')}</th>
                  <th>{t('dashboard.period')}</th>
                  <th>{t('dashboard.detected')}</th>
                </tr>
              </thead>
              <tbody>
                {d.openOverdrafts.newest.map((o) => (
                  <tr key={o.id}>
                    <td>{o.householdNumber ?? o.householdId}</td>
                    <td>{o.villageName ?? '—'}</td>
                    <td className="num">{pts(o.balanceAfter)}</td>
                    <td>{o.period}</td>
                    <td>{when(o.detectedAt, tz)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {d.openOverdrafts.count > 0 && <a href={hrefTo('overdrafts')}>{t('dashboard.review')}</a>}
          {isOfficer && (
            <>
              <h2>{t('dashboard.toClose')}</h2>
              {d.periodsToClose.length === 0 ? (
                <p className="hint">{t('dashboard.nothingToClose')}</p>
              ) : (
                <ul data-testid="periods-to-close">
                  {d.periodsToClose.map((p) => (
                    <li key={p.period}>
                      <strong>{p.period}</strong> · {t('dashboard.entries', { count: p.entries })} ·{' '}
                      <a href={hrefTo('periods', p.period)}>{t('dashboard.closeIt')}</a>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
