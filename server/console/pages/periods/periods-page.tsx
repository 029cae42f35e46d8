import { useTranslation } from 'react-i18next';
import type { PeriodListView } from '../../../../src/console/periods';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { when } from '../../format';
import { useLoad } from '../../hooks/use-load';
import { hrefTo } from '../../state/router';
import type { PageProps } from '../types';
import { PeriodDetail } from './period-detail';

export function PeriodsPage({ townshipId, params }: PageProps) {
  const { t } = useTranslation();
  const list = useLoad(() => api.get<PeriodListView>(`/townships/${townshipId}/periods`), townshipId);
  const period = params[0];
  if (period) return <PeriodDetail townshipId={townshipId} period={period} />;
  const d = list.data;
  return (
    <section>
      <h1>{t('periods.title')}</h1>
      <ErrorBox error={list.error} />
      {d && <p className="hint">{t('periods.current', { period: d.current })}</p>}
      {d && d.periods.length === 0 && <p className="hint">{t('periods.none')}</p>}
      {d && d.periods.length > 0 && (
        <table data-testid="periods">
          <thead>
            <tr>
              <th>{t('periods.month')}</th>
              <th className="num">{t('periods.entries')}</th>
              <th>{t('periods.state')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {d.periods.map((p) => (
              <tr key={p.period}>
                <td>{p.period}</td>
                <td className="num">{p.entries}</td>
                <td>
                  {p.closedAt === null
                    ? t('periods.open')
                    : t('periods.closedAt', { time: when(p.closedAt) })}
                </td>
                <td>
                  <a href={hrefTo('periods', p.period)}>{t('periods.preview')}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
