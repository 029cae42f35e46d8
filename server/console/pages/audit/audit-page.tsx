import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditPageView, AuditRowView } from '../../../../src/console/audit';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { when } from '../../format';
import { useLoad } from '../../hooks/use-load';
import type { PageProps } from '../types';

export function AuditPage({ townshipId }: PageProps) {
  const { t } = useTranslation();
  const [action, setAction] = useState('');
  const [before, setBefore] = useState<string[]>([]);
  const cursor = before[before.length - 1];
  const query = new URLSearchParams({ ...(cursor ? { before: cursor } : {}), ...(action ? { action } : {}) });
  const page = useLoad(
    () => api.get<AuditPageView>(`/townships/${townshipId}/audit?${query}`),
    `${townshipId}?${query}`,
  );
  const rows: AuditRowView[] = page.data?.rows ?? [];
  return (
    <section>
      <h1>{t('audit.title')}</h1>
      <p className="hint">{t('audit.intro')}</p>
      <div className="row card">
        <Field
          label={t('audit.filter')}
          value={action}
          onChange={(e) => {
            setAction(e.target.value.trim());
            setBefore([]);
          }}
        />
      </div>
      <ErrorBox error={page.error} />
      {page.data && rows.length === 0 && <p className="hint">{t('audit.none')}</p>}
      {rows.length > 0 && (
        <table data-testid="audit">
          <thead>
            <tr>
              <th>{t('audit.when')}</th>
              <th>{t('audit.who')}</th>
              <th>{t('audit.action')}</th>
              <th>{t('audit.target')}</th>
              <th>{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-action={r.action}>
                <td className="nowrap">{when(r.at)}</td>
                <td className="nowrap">{r.officerName}</td>
                <td className="mono">{r.action}</td>
                <td className="mono small">{r.target}</td>
                {r.action === 'clerk.unlock' ? (
                  // A manager's unlock at a till (decision 0310), in plain words.
                  <td data-testid="audit-unlock">
                    {t('audit.unlock', {
                      manager: r.officerName,
                      clerk: String(r.details.clerkName ?? r.target),
                      till: String(r.details.deviceName ?? ''),
                      failures: Number(r.details.failedAttempts ?? 0),
                      reason: String(r.details.reason ?? ''),
                    })}
                  </td>
                ) : (
                  <td className="mono small">{JSON.stringify(r.details)}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.data?.nextBefore && (
        <button type="button" onClick={() => setBefore([...before, page.data!.nextBefore!])}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
