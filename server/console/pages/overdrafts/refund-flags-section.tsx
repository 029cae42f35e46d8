import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RefundFlagView } from '../../../../src/console/refund-flags';
import { api, type ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { pts, when } from '../../format';
import { asApiError, useLoad } from '../../hooks/use-load';

/**
 * Refunds beyond the sale (decision 0311): a second void, or returns past what was sold,
 * that offline tills made of one sale. Shown under the overdrafts; an officer resolves
 * each with a note.
 */
export function RefundFlagsSection({ townshipId, canResolve }: { townshipId: string; canResolve: boolean }) {
  const { t } = useTranslation();
  const list = useLoad(() => api.get<RefundFlagView[]>(`/townships/${townshipId}/refund-flags`), townshipId);
  const [open, setOpen] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<ConsoleApiError | null>(null);

  const resolve = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post(`/townships/${townshipId}/refund-flags/${open}/resolve`, { note });
      setOpen(null);
      setNote('');
      list.reload();
    } catch (err) {
      setError(asApiError(err));
    }
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
                  {f.status === 'resolved' ? (
                    <>
                      {f.note}
                      {f.resolvedBy && (
                        <div className="hint small">
                          {t('overdrafts.resolvedBy', { name: f.resolvedBy, time: when(f.resolvedAt) })}
                        </div>
                      )}
                    </>
                  ) : canResolve && open === f.id ? (
                    <form onSubmit={resolve}>
                      <Field
                        label={t('overdrafts.refunds.noteLabel')}
                        value={note}
                        autoFocus
                        onChange={(e) => setNote(e.target.value)}
                      />
                      <ErrorBox error={error} />
                      <div className="toolbar">
                        <button type="submit" className="primary" disabled={!note.trim()}>
                          {t('overdrafts.save')}
                        </button>
                        <button type="button" onClick={() => setOpen(null)}>
                          {t('overdrafts.cancel')}
                        </button>
                      </div>
                    </form>
                  ) : canResolve ? (
                    <button
                      type="button"
                      onClick={() => {
                        setOpen(f.id);
                        setError(null);
                      }}
                    >
                      {t('overdrafts.resolve')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
