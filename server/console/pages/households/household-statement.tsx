import { useTranslation } from 'react-i18next';
import { businessDate, periodOf } from '../../../../src/clock';
import type { HouseholdView, StatementLine } from '../../../../src/console/people';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { useLoad } from '../../hooks/use-load';
import { hrefTo } from '../../state/router';
import type { PageProps } from '../types';
import { dateTime, monthName, points } from './format';

/**
 * Every ledger line of a household with its running balance; opening balances show as such.
 * A line counted in another month than the date shown (a late entry, decision 0404) says
 * which, with a footnote that prints. Printable.
 */
export function HouseholdStatement({
  session,
  townshipId,
  householdId,
}: PageProps & { householdId: string }) {
  const { t, i18n } = useTranslation();
  const path = `/townships/${townshipId}/households/${householdId}/statement`;
  const data = useLoad(() => api.get<{ household: HouseholdView; lines: StatementLine[] }>(path), path);
  const zone = session.townships.find((x) => x.id === townshipId)?.timeZone ?? 'Asia/Shanghai';
  const kind = (k: string) => {
    const key = `households.kinds.${k.replace('.', '_')}`;
    const label = t(key);
    return label === key ? k : label;
  };
  const h = data.data?.household;
  // Compared with the month of the date the line shows (its time in the township's zone):
  // the server counts an entry by its time (decision 0723), so the two differ only when the
  // month was closed when the entry arrived.
  const countedElsewhere = (l: StatementLine) => l.period !== periodOf(businessDate(l.at, zone));
  const anyElsewhere = data.data?.lines.some(countedElsewhere) ?? false;
  return (
    <section>
      <p className="no-print">
        <a href={hrefTo('households', householdId)}>{t('households.back')}</a>{' '}
        <button type="button" onClick={() => window.print()}>
          {t('households.print')}
        </button>
      </p>
      <ErrorBox error={data.error} />
      {h && (
        <>
          <h1>{t('households.statementTitle', { village: h.villageName, number: h.number })}</h1>
          <p>
            {t('households.head')}：{h.members.find((m) => m.isHead)?.name ?? ''} · {t('households.balance')}
            ：<strong data-testid="balance">{points(h.balance)}</strong>
          </p>
          <table>
            <thead>
              <tr>
                <th>{t('households.date')}</th>
                <th>{t('households.kind')}</th>
                <th className="num">{t('households.points')}</th>
                <th className="num">{t('households.balanceAfter')}</th>
                <th>{t('households.where')}</th>
                <th>{t('households.note')}</th>
              </tr>
            </thead>
            <tbody>
              {data.data?.lines.map((l) => (
                <tr
                  key={`${l.entryId}`}
                  data-entry={l.entryId}
                  className={l.kind === 'points.opening' ? 'warn' : ''}
                >
                  <td>
                    {dateTime(l.at, zone)}
                    {countedElsewhere(l) && (
                      <div className="hint" data-testid="counted" title={t('households.countedWhy')}>
                        {t('households.counted', { month: monthName(l.period, i18n.language) })}
                      </div>
                    )}
                  </td>
                  <td>{kind(l.kind)}</td>
                  <td className="num">{points(l.points)}</td>
                  <td className="num">{points(l.balanceAfter)}</td>
                  <td>{l.where === 'township' ? t('households.township') : l.where}</td>
                  <td>{l.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.data?.lines.length === 0 && <p className="hint">{t('households.noLines')}</p>}
          {anyElsewhere && <p className="hint">{t('households.countedFoot')}</p>}
        </>
      )}
    </section>
  );
}
