import { useTranslation } from 'react-i18next';
import type { PointsFlagView } from '../../../../src/console/points';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { ResolveCell, type ResolveLabels, useResolveWithNote } from '../../components/resolve-with-note';
import { when } from '../../format';
import { useLoad } from '../../hooks/use-load';
import { points } from '../households/format';

/** Points entries ingest flagged (decision 0920), shown beside the overdrafts they resemble. */
export function PointsFlags({ townshipId, canResolve }: { townshipId: string; canResolve: boolean }) {
  const { t } = useTranslation();
  const path = `/townships/${townshipId}/points-flags`;
  const list = useLoad(() => api.get<PointsFlagView[]>(path), path);
  const resolver = useResolveWithNote((id) => `${path}/${id}/resolve`, list.reload);
  const labels: ResolveLabels = {
    resolve: t('approvals.resolve'),
    note: t('approvals.resolveNote'),
    save: t('approvals.resolveSave'),
    resolvedBy: (name, time) => t('approvals.resolvedBy', { name, time }),
  };
  return (
    <section>
      <h2>{t('approvals.flagsTitle')}</h2>
      <p className="hint">{t('approvals.flagsIntro')}</p>
      <ErrorBox error={list.error} />
      {list.data?.length === 0 && <p className="hint">{t('approvals.flagsNone')}</p>}
      {list.data && list.data.length > 0 && (
        <table data-testid="points-flags">
          <thead>
            <tr>
              <th>{t('approvals.household')}</th>
              <th>{t('approvals.village')}</th>
              <th>{t('approvals.flagReason')}</th>
              <th>{t('approvals.rule')}</th>
              <th className="num">{t('approvals.points')}</th>
              <th>{t('approvals.counted')}</th>
              <th>{t('approvals.till')}</th>
              <th>{t('approvals.period')}</th>
              <th>{t('approvals.detected')}</th>
              <th>{t('approvals.flagState')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((f) => (
              <tr
                key={f.id}
                className={f.status === 'open' ? 'bad' : ''}
                data-household={f.householdNumber ?? ''}
              >
                <td>{f.householdNumber ?? f.householdId}</td>
                <td>{f.villageName ?? '—'}</td>
                <td>{t(`approvals.reasons.${f.reason}`)}</td>
                <td>{f.ruleName ?? '—'}</td>
                <td className="num">{points(f.points)}</td>
                <td>{f.counted ? t('approvals.yes') : t('approvals.no')}</td>
                <td>{f.deviceName ?? '—'}</td>
                <td>{f.period}</td>
                <td>{when(f.detectedAt)}</td>
                <td>
                  <ResolveCell row={f} canResolve={canResolve} resolver={resolver} labels={labels} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
