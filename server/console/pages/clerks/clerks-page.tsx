import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClerkView, PeopleOptionsView } from '../../../../src/console/people';
import { api, type ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { asApiError, useLoad } from '../../hooks/use-load';
import type { PageProps } from '../types';

const ROLES = ['clerk', 'stockkeeper', 'cadre', 'manager'] as const;

/** Clerks per shop: add with an initial PIN (checked by the shared PIN policy), change role, reset PIN, deactivate. */
export function ClerksPage({ townshipId }: PageProps) {
  const { t } = useTranslation();
  const [shopId, setShopId] = useState('');
  const options = useLoad(
    () => api.get<PeopleOptionsView>(`/townships/${townshipId}/people/options`),
    townshipId,
  );
  const path = `/townships/${townshipId}/clerks${shopId ? `?shopId=${shopId}` : ''}`;
  const clerks = useLoad(() => api.get<ClerkView[]>(path), path);
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [message, setMessage] = useState('');

  const save = async (c: ClerkView, change: Partial<ClerkView> & { pin?: string }) => {
    setError(null);
    setMessage('');
    try {
      const next = { ...c, ...change };
      await api.put(`/townships/${townshipId}/clerks/${c.id}`, {
        name: next.name,
        role: next.role,
        shopId: next.shopId,
        active: next.active,
        pin: change.pin ?? null,
      });
      setMessage(t('clerks.saved'));
      clerks.reload();
    } catch (e) {
      setError(asApiError(e));
    }
  };

  return (
    <section>
      <h1>{t('clerks.title')}</h1>
      <div className="toolbar">
        <label className="field">
          <span>{t('clerks.shop')}</span>
          <select value={shopId} onChange={(e) => setShopId(e.target.value)}>
            <option value="">{t('clerks.allShops')}</option>
            {options.data?.shops.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBox error={clerks.error ?? error} />
      {message && (
        <p className="ok-box" role="status">
          {message}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>{t('clerks.name')}</th>
            <th>{t('clerks.shop')}</th>
            <th>{t('clerks.role')}</th>
            <th>{t('clerks.active')}</th>
            <th>{t('clerks.mustChange')}</th>
            <th className="no-print" />
          </tr>
        </thead>
        <tbody>
          {clerks.data?.map((c) => (
            <ClerkRow key={c.id} clerk={c} onSave={(change) => void save(c, change)} />
          ))}
        </tbody>
      </table>
      {clerks.data?.length === 0 && <p className="hint">{t('clerks.none')}</p>}
      {options.data && (
        <NewClerk
          townshipId={townshipId}
          shops={options.data.shops}
          onAdded={(name) => {
            setMessage(t('clerks.created', { name }));
            clerks.reload();
          }}
        />
      )}
    </section>
  );
}

function ClerkRow({
  clerk,
  onSave,
}: {
  clerk: ClerkView;
  onSave: (change: Partial<ClerkView> & { pin?: string }) => void;
}) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  return (
    <tr className={clerk.active ? '' : 'warn'}>
      <td>{clerk.name}</td>
      <td>{clerk.shopName ?? ''}</td>
      <td>
        <select
          aria-label={`${t('clerks.role')} ${clerk.name}`}
          value={clerk.role}
          onChange={(e) => onSave({ role: e.target.value as ClerkView['role'] })}
        >
          {[...ROLES, ...(clerk.role === 'officer' ? (['officer'] as const) : [])].map((r) => (
            <option key={r} value={r}>
              {t(`clerks.roles.${r}`)}
            </option>
          ))}
        </select>
      </td>
      <td>{clerk.active ? t('clerks.yes') : t('clerks.no')}</td>
      <td>{clerk.mustChangePin ? t('clerks.yes') : t('clerks.no')}</td>
      <td className="no-print">
        <div className="row">
          <input
            aria-label={`${t('clerks.newPin')} ${clerk.name}`}
            placeholder={t('clerks.newPin')}
            inputMode="numeric"
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
          <button type="button" disabled={!pin} onClick={() => onSave({ pin })}>
            {t('clerks.resetPin')}
          </button>
          <button type="button" onClick={() => onSave({ active: !clerk.active })}>
            {clerk.active ? t('clerks.deactivate') : t('clerks.activate')}
          </button>
        </div>
      </td>
    </tr>
  );
}

function NewClerk({
  townshipId,
  shops,
  onAdded,
}: {
  townshipId: string;
  shops: PeopleOptionsView['shops'];
  onAdded: (name: string) => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState({
    name: '',
    role: 'clerk' as ClerkView['role'],
    shopId: shops[0]?.id ?? '',
    pin: '',
  });
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post(`/townships/${townshipId}/clerks`, { ...form, active: true });
      onAdded(form.name);
      setForm({ ...form, name: '', pin: '' });
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>{t('clerks.newClerk')}</h2>
      <p className="hint">{t('clerks.pinHint')}</p>
      <div className="row">
        <Field
          label={t('clerks.name')}
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
        />
        <label className="field">
          <span>{t('clerks.role')}</span>
          <select
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value as ClerkView['role'] })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`clerks.roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('clerks.shop')}</span>
          <select value={form.shopId} onChange={(e) => setForm({ ...form, shopId: e.target.value })}>
            {shops.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <Field
          label={t('clerks.pin')}
          value={form.pin}
          inputMode="numeric"
          autoComplete="off"
          onChange={(e) => setForm({ ...form, pin: e.target.value })}
        />
        <button type="submit" className="primary" disabled={!form.name.trim() || !form.pin || !form.shopId}>
          {t('clerks.create')}
        </button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}
