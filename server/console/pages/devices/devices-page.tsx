import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceView } from '../../../../src/console/devices';
import { api, type ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { when } from '../../format';
import { asApiError, useLoad } from '../../hooks/use-load';
import type { PageProps } from '../types';

type Action = { kind: 'rename' | 'revoke'; device: DeviceView } | null;

export function DevicesPage({ session, townshipId }: PageProps) {
  const { t } = useTranslation();
  const list = useLoad(() => api.get<DeviceView[]>(`/townships/${townshipId}/devices`), townshipId);
  const [action, setAction] = useState<Action>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const canEdit = session.officer.role === 'officer';

  const start = (kind: 'rename' | 'revoke', device: DeviceView) => {
    setAction({ kind, device });
    setText(kind === 'rename' ? device.name : '');
    setError(null);
    setDone(null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!action) return;
    const base = `/townships/${townshipId}/devices/${action.device.id}`;
    try {
      if (action.kind === 'rename') {
        await api.put(`${base}/name`, { name: text });
        setDone(t('devices.renamed', { name: text.trim() }));
      } else {
        await api.post(`${base}/revoke`, { reason: text });
        setDone(t('devices.revoked', { name: action.device.name }));
      }
      setAction(null);
      list.reload();
    } catch (err) {
      setError(asApiError(err));
    }
  };

  return (
    <section>
      <h1>{t('devices.title')}</h1>
      <ErrorBox error={list.error} />
      {done && (
        <p className="ok-box" role="status">
          {done}
        </p>
      )}
      {action && (
        <form className="card row" onSubmit={submit}>
          <Field
            label={action.kind === 'rename' ? t('devices.newName') : t('devices.revokeReason')}
            value={text}
            autoFocus
            onChange={(e) => setText(e.target.value)}
          />
          <button
            type="submit"
            className={action.kind === 'revoke' ? 'danger' : 'primary'}
            disabled={!text.trim()}
          >
            {action.kind === 'rename' ? t('devices.save') : t('devices.revokeConfirm')}
          </button>
          <button type="button" onClick={() => setAction(null)}>
            {t('devices.cancel')}
          </button>
          <ErrorBox error={error} />
        </form>
      )}
      {list.data?.length === 0 && <p className="hint">{t('devices.none')}</p>}
      {list.data && list.data.length > 0 && (
        <table data-testid="devices">
          <thead>
            <tr>
              <th>{t('devices.name')}</th>
              <th>{t('devices.shop')}</th>
              <th>{t('devices.status')}</th>
              <th>{t('devices.enrolled')}</th>
              <th className="num">{t('devices.lastSeq')}</th>
              <th>{t('devices.lastSync')}</th>
              <th>{t('devices.chain')}</th>
              {canEdit && <th />}
            </tr>
          </thead>
          <tbody>
            {list.data.map((d) => (
              <tr key={d.id} data-device={d.name} className={d.status === 'active' ? '' : 'warn'}>
                <td>{d.name}</td>
                <td>{d.shopName ?? '—'}</td>
                <td>{t(`devices.statusNames.${d.status}`)}</td>
                <td>{when(d.enrolledAt)}</td>
                <td className="num">{d.lastSeq}</td>
                <td>{d.lastSyncAt === null ? t('common.never') : when(d.lastSyncAt)}</td>
                <td className="small">
                  {d.chain.length === 0
                    ? t('devices.noChain')
                    : d.chain.map((c) => (
                        <div key={c.id}>
                          {t('devices.chainItem', {
                            id: c.id.slice(-12),
                            status: t(`devices.statusNames.${c.status}`),
                            seq: c.lastSeq,
                          })}
                        </div>
                      ))}
                </td>
                {canEdit && (
                  <td>
                    <div className="toolbar">
                      <button type="button" onClick={() => start('rename', d)}>
                        {t('devices.rename')}
                      </button>
                      {d.status === 'active' && (
                        <button type="button" className="danger" onClick={() => start('revoke', d)}>
                          {t('devices.revoke')}
                        </button>
                      )}
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
