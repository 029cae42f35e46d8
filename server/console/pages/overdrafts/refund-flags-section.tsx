import { useTranslation } from 'react-i18next';
import type { RefundFlagView } from '../../../../src/console/refund-flags';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { ResolveCell, type ResolveLabels, useResolveWithNote } from '../../components/resolve-with-note';
import { pts, when } from '../../format';
import { useLoad } from '../../hooks/use-load';

/**
 * Refunds beyond the sale (decision 0311): a second void, or returns past what was sold,
 * that offline tills made of one sale. Shown under the overdrafts; an officer resolves
 * each with a note.
 */
export function RefundFlagsSection({ townshipId, canResolve }: { townshipId: string; canResolve: boolean }) {
  const { t } = useTranslation();
  const list = useLoad(() => api.get<RefundFlagView[]>(`/townships/${townshipId}/refund-flags`), townshipId);
  const resolver = useResolveWithNote(
    (id) => `/townships/${townshipId}/refund-flags/${id}/resolve`,
    list.reload,
  );
  const labels: ResolveLabels = {
    resolve: t('overdrafts.resolve'),
    note: t('overdrafts.refunds.noteLabel'),
    save: t('overdrafts.save'),
    cancel: t('overdrafts.cancel'),
    resolvedBy: (name, time) => t('overdrafts.resolvedBy', { name, time }),
  };

  return (
    <section data-testid="refund-flags">
      <h2>{t('overdrafts.refunds.title')}</h2>
      <p className="hint">{t('overdrafts.refunds.intro')}</p>
      <ErrorBox error={list.error} />
      {list.data?.length === 0 && <p className="hint">{t('overdrafts.refunds.none')}</p>}
      {list.data && list.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('overdrafts.refunds.receipt')}</th>
              <th>{t('overdrafts.household')}</th>
              <th>{t('overdrafts.refunds.what')}</th>
              <th className="num">{t('overdrafts.refunds.salePoints')}</th>
              <th className="num">{t('overdrafts.refunds.refunded')}</th>
              <th>{t('overdrafts.refunds.tills')}</th>
              <th>{t('overdrafts.detected')}</th>
              <th>{t('overdrafts.status')}</th>
              <th>{t('overdrafts.note')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((f) => (
              <tr key={f.id} className={f.status === 'open' ? 'bad' : ''} data-receipt={f.receiptNo}>
                <td className="mono">{f.receiptNo}</td>
                <td>
                  {f.householdNumber ?? f.householdId}
                  {f.villageName && <div className="hint small">{f.villageName}</div>}
                </td>
                <td>{t(`overdrafts.refunds.reasons.${f.reason}`)}</td>
                <td className="num">{pts(f.salePoints)}</td>
                <td className="num">{pts(f.refundedPoints)}</td>
                <td>
                  {t('overdrafts.refunds.tillsText', {
                    first: f.firstDeviceName ?? '—',
                    last: f.deviceName ?? '—',
                  })}
                </td>
                <td>{when(f.detectedAt)}</td>
                <td>{t(`overdrafts.statuses.${f.status}`)}</td>
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
