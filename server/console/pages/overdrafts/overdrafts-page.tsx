import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverdraftView } from '../../../../src/console/overdrafts';
import { api, type ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { pts, when } from '../../format';
import { asApiError, useLoad } from '../../hooks/use-load';
import { PointsFlags } from '../approvals/points-flags';
import type { PageProps } from '../types';
import { RefundFlagsSection } from './refund-flags-section';

export function OverdraftsPage({ session, townshipId }: PageProps) {
  const { t } = useTranslation();
  const list = useLoad(() => api.get<OverdraftView[]>(`/townships/${townshipId}/overdrafts`), townshipId);
  const [open, setOpen] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [done, setDone] = useState(false);
  const canResolve = session.officer.role === 'officer';

  const resolve = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post(`/townships/${townshipId}/overdrafts/${open}/resolve`, { note });
      setOpen(null);
      setNote('');
      setDone(true);
      list.reload();
    } catch (err) {
      setError(asApiError(err));
    }
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
                  {o.status === 'resolved' ? (
                    <>
                      {o.note}
                      {o.resolvedBy && (
                        <div className="hint small">
                          {t('overdrafts.resolvedBy', { name: o.resolvedBy, time: when(o.resolvedAt) })}
                        </div>
                      )}
                    </>
                  ) : canResolve && open === o.id ? (
                    <form onSubmit={resolve}>
                      <Field
                        label={t('overdrafts.noteLabel')}
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
                        setOpen(o.id);
                        setError(null);
                        setDone(false);
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
      <PointsFlags townshipId={townshipId} canResolve={canResolve} />
      <RefundFlagsSection townshipId={townshipId} canResolve={canResolve} />
    </section>
  );
}
