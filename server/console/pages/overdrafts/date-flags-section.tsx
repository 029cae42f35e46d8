import { useTranslation } from 'react-i18next';
import type { DateFlagView } from '../../../../src/console/date-flags';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { ResolveCell, type ResolveLabels, useResolveWithNote } from '../../components/resolve-with-note';
import { when } from '../../format';
import { useLoad } from '../../hooks/use-load';

/**
 * Entries a till dated otherwise than their time gives in the township's zone (decision
 * 0723): the till's date, the date by its time and the month it counts in. Shown under the
 * refund flags; an officer resolves each with a note.
 */
export function DateFlagsSection({ townshipId, canResolve }: { townshipId: string; canResolve: boolean }) {
  const { t } = useTranslation();
  const list = useLoad(() => api.get<DateFlagView[]>(`/townships/${townshipId}/date-flags`), townshipId);
  const resolver = useResolveWithNote(
    (id) => `/townships/${townshipId}/date-flags/${id}/resolve`,
    list.reload,
  );
  const labels: ResolveLabels = {
    resolve: t('overdrafts.resolve'),
    note: t('overdrafts.dates.noteLabel'),
    save: t('overdrafts.save'),
    cancel: t('overdrafts.cancel'),
    resolvedBy: (name, time) => t('overdrafts.resolvedBy', { name, time }),
  };

  return (
    <section data-testid="date-flags">
      <h2>{t('overdrafts.dates.title')}</h2>
      <p className="hint">{t('overdrafts.dates.intro')}</p>
      <ErrorBox error={list.error} />
      {list.data?.length === 0 && <p className="hint">{t('overdrafts.dates.none')}</p>}
      {list.data && list.data.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('overdrafts.dates.what')}</th>
              <th>{t('overdrafts.till')}</th>
              <th>{t('overdrafts.dates.at')}</th>
              <th>{t('overdrafts.dates.tillDate')}</th>
              <th>{t('overdrafts.dates.atDate')}</th>
              <th>{t('overdrafts.dates.period')}</th>
              <th>{t('overdrafts.status')}</th>
              <th>{t('overdrafts.note')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((f) => (
              <tr key={f.id} className={f.status === 'open' ? 'bad' : ''} data-entry={f.entryId}>
                <td>{t(`households.kinds.${f.kind.replace('.', '_')}`, { defaultValue: f.kind })}</td>
                <td>
                  {f.deviceName ?? '—'}
                  {f.shopName && <div className="hint small">{f.shopName}</div>}
                </td>
                <td>{when(f.at)}</td>
                <td>{f.tillDate}</td>
                <td>{f.atDate}</td>
                <td>{f.late ? t('overdrafts.dates.late', { period: f.period }) : (f.period ?? '—')}</td>
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
