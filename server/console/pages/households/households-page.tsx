import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdHit, PeopleOptionsView } from '../../../../src/console/people';
import { api, type ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { asApiError, useLoad } from '../../hooks/use-load';
import { hrefTo, navigate } from '../../state/router';
import type { PageProps } from '../types';
import { points } from './format';
import { HouseholdDetail } from './household-detail';
import { HouseholdStatement } from './household-statement';

/** #/households (search), #/households/<id> (one household), #/households/<id>/statement. */
export function HouseholdsPage(props: PageProps) {
  const [id, sub] = props.params;
  if (id && sub === 'statement') return <HouseholdStatement {...props} householdId={id} />;
  if (id) return <HouseholdDetail {...props} householdId={id} />;
  return <HouseholdSearch {...props} />;
}

function HouseholdSearch({ session, townshipId }: PageProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [villageId, setVillageId] = useState('');
  const options = useLoad(
    () => api.get<PeopleOptionsView>(`/townships/${townshipId}/people/options`),
    townshipId,
  );
  const query = new URLSearchParams({ q, ...(villageId ? { villageId } : {}) }).toString();
  const hits = useLoad(
    () => api.get<HouseholdHit[]>(`/townships/${townshipId}/households?${query}`),
    `${townshipId}?${query}`,
  );
  const isOfficer = session.officer.role === 'officer';

  return (
    <section>
      <h1>{t('households.title')}</h1>
      <div className="toolbar">
        <Field label={t('households.search')} value={q} autoFocus onChange={(e) => setQ(e.target.value)} />
        <label className="field">
          <span>{t('households.village')}</span>
          <select value={villageId} onChange={(e) => setVillageId(e.target.value)}>
            <option value="">{t('households.allVillages')}</option>
            {options.data?.villages.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBox error={hits.error} />
      <table>
        <thead>
          <tr>
            <th>{t('households.village')}</th>
            <th>{t('households.number')}</th>
            <th>{t('households.head')}</th>
            <th className="num">{t('households.members')}</th>
            <th className="num">{t('households.balance')}</th>
            <th>{t('households.status')}</th>
          </tr>
        </thead>
        <tbody>
          {hits.data?.map((h) => (
            <tr key={h.id} className={h.status === 'closed' ? 'warn' : ''}>
              <td>{h.villageName}</td>
              <td>
                <a href={hrefTo('households', h.id)}>{h.number}</a>
              </td>
              <td>{h.head ?? ''}</td>
              <td className="num">{h.memberCount}</td>
              <td className="num">{points(h.balance)}</td>
              <td>{t(`households.${h.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {hits.data?.length === 0 && <p className="hint">{t('households.noHits')}</p>}
      {isOfficer && options.data && <NewHousehold townshipId={townshipId} villages={options.data.villages} />}
    </section>
  );
}

function NewHousehold({
  townshipId,
  villages,
}: {
  townshipId: string;
  villages: PeopleOptionsView['villages'];
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ villageId: villages[0]?.id ?? '', number: '', head: '', address: '' });
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api.post<{ id: string }>(`/townships/${townshipId}/households`, form);
      navigate('households', r.id);
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>{t('households.newHousehold')}</h2>
      <div className="row">
        <label className="field">
          <span>{t('households.village')}</span>
          <select value={form.villageId} onChange={(e) => setForm({ ...form, villageId: e.target.value })}>
            {villages.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        <Field
          label={t('households.number')}
          value={form.number}
          onChange={(e) => setForm({ ...form, number: e.target.value })}
        />
        <Field
          label={t('households.head')}
          value={form.head}
          onChange={(e) => setForm({ ...form, head: e.target.value })}
        />
        <Field
          label={t('households.address')}
          value={form.address}
          onChange={(e) => setForm({ ...form, address: e.target.value })}
        />
        <button type="submit" className="primary" disabled={!form.villageId || !form.number || !form.head}>
          {t('households.create')}
        </button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}
