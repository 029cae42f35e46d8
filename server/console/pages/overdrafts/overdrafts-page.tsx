import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverdraftView } from '../../../../src/console/overdrafts';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { ResolveCell, type ResolveLabels, useResolveWithNote } from '../../components/resolve-with-note';
import { pts, when } from '../../format';
import { useLoad } from '../../hooks/use-load';
import { PointsFlags } from '../approvals/points-flags';
import type { PageProps } from '../types';
import { DateFlagsSection } from './date-flags-section';
import { RefundFlagsSection } from './refund-flags-section';

export function OverdraftsPage({ session, townshipId }: PageProps) {
  const { t } = useTranslation();
  const list = useLoad(() => api.get<OverdraftView[]>(`/townships/${townshipId}/overdrafts`), townshipId);
  const [done, setDone] = useState(false);
  const canResolve = session.officer.role === 'officer';
  const resolver = useResolveWithNote(
    (id) => `/townships/${townshipId}/overdrafts/${id}/resolve`,
    () => {
      setDone(true);
      list.reload();
    },
  );
  const labels: ResolveLabels = {
    resolve: t('overdrafts.resolve'),
    note: t('overdrafts.noteLabel'),
    save: t('overdrafts.save'),
    cancel: t('overdrafts.cancel'),
    resolvedBy: (name, time) => t('overdrafts.resolvedBy', { name, time }),
  };

  return (
    <section>
      <h1>{t('overdrafts.title')}</h1>
      <p className="hint">{t('overdrafts.intro')}</p>
      <ErrorBox error={list.error} />
      {done && (
        <p className="ok-box" role="status">
          {t('overdrafts.resolvedOk')}
        </p>
      )}
      {list.data?.length === 0 && <p className="hint">{t('overdrafts.none')}</p>}
      {list.data && list.data.length > 0 && (
        <table data-testid="overdrafts">
          <thead>
            <tr>
              <th>{t('overdrafts.household')}</th>
              <th>{t('overdrafts.village')}</th>
              <th>{t('overdrafts.till')}</th>
              <th className="num">{t('overdrafts.balanceAfter')}</th>
              <th>{t('overdrafts.period')}</th>
              <th>{t('overdrafts.detected')}</th>
              <th>{t('overdrafts.status')}</th>
              <th>{t('overdrafts.note')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((o) => (
              <tr
                key={o.id}
                className={o.status === 'open' ? 'bad' : ''}
                data-household={o.householdNumber ?? ''}
              >
                <td>{o.householdNumber ?? o.householdId}</td>
                <td>{o.villageName ?? '—'}</td>
                <td>{o.deviceName ?? o.deviceId.slice(-12)}</td>
                <td className="num">{pts(o.balanceAfter)}</td>
                <td>{o.period}</td>
                <td>{when(o.detectedAt)}</td>
                <td>{t(`overdrafts.statuses.${o.status}`)}</td>
                <td>
                  <ResolveCell
                    row={o}
                    canResolve={canResolve}
                    resolver={resolver}
                    labels={labels}
                    onOpen={() => setDone(false)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <PointsFlags townshipId={townshipId} canResolve={canResolve} />
      <RefundFlagsSection townshipId={townshipId} canResolve={canResolve} />
      <DateFlagsSection townshipId={townshipId} canResolve={canResolve} />
    </section>
  );
}
