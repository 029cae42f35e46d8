import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdView, PeopleOptionsView } from '../../../../src/console/people';
import { api, type ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { asApiError, useLoad } from '../../hooks/use-load';
import { hrefTo } from '../../state/router';
import type { PageProps } from '../types';
import { points } from './format';
import { MemberRow } from './member-row';

/** One household: its facts (editable by officers), members with their cards, close. */
export function HouseholdDetail({ session, townshipId, householdId }: PageProps & { householdId: string }) {
  const { t } = useTranslation();
  const path = `/townships/${townshipId}/households/${householdId}`;
  const view = useLoad(() => api.get<HouseholdView>(path), path);
  const options = useLoad(
    () => api.get<PeopleOptionsView>(`/townships/${townshipId}/people/options`),
    townshipId,
  );
  const isOfficer = session.officer.role === 'officer';
  const h = view.data;

  return (
    <section>
      <p className="no-print">
        <a href={hrefTo('households')}>{t('households.back')}</a>
      </p>
      <ErrorBox error={view.error} />
      {h && (
        <>
          <h1>{t('households.detailTitle', { village: h.villageName, number: h.number })}</h1>
          <dl className="facts">
            <dt>{t('households.head')}</dt>
            <dd>{h.members.find((m) => m.isHead)?.name ?? ''}</dd>
            <dt>{t('households.address')}</dt>
            <dd>{h.address}</dd>
            <dt>{t('households.balance')}</dt>
            <dd data-testid="balance">{points(h.balance)}</dd>
            <dt>{t('households.plate')}</dt>
            <dd data-testid="plate-version">{t('households.plateVersion', { version: h.plateVersion })}</dd>
            <dt>{t('households.status')}</dt>
            <dd>
              <span className={`badge ${h.status === 'closed' ? 'bad' : 'good'}`}>
                {t(`households.${h.status}`)}
              </span>
            </dd>
          </dl>
          <p>
            <a className="button" href={hrefTo('households', h.id, 'statement')}>
              {t('households.statement')}
            </a>
          </p>
          {h.status === 'closed' && <p className="notice">{t('households.closedNote')}</p>}
          <h2>{t('households.memberList')}</h2>
          <table>
            <thead>
              <tr>
                <th>{t('households.name')}</th>
                <th>{t('households.isHead')}</th>
                <th>{t('households.cards')}</th>
                {isOfficer && h.status === 'active' && <th className="no-print" />}
              </tr>
            </thead>
            <tbody>
              {h.members.map((m) => (
                <MemberRow
                  key={m.id}
                  townshipId={townshipId}
                  householdId={h.id}
                  member={m}
                  editable={isOfficer && h.status === 'active'}
                  onChanged={view.reload}
                />
              ))}
            </tbody>
          </table>
          {isOfficer && h.status === 'active' && (
            <>
              <AddMember townshipId={townshipId} householdId={h.id} onAdded={view.reload} />
              {options.data && (
                <EditHousehold
                  townshipId={townshipId}
                  view={h}
                  villages={options.data.villages}
                  onSaved={view.reload}
                />
              )}
              <ReissuePlate townshipId={townshipId} householdId={h.id} onDone={view.reload} />
              <CloseHousehold townshipId={townshipId} householdId={h.id} onDone={view.reload} />
            </>
          )}
        </>
      )}
    </section>
  );
}

function useSubmit(run: () => Promise<unknown>, done: () => void) {
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await run();
      done();
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return { error, submit };
}

function AddMember({
  townshipId,
  householdId,
  onAdded,
}: {
  townshipId: string;
  householdId: string;
  onAdded: () => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [tags, setTags] = useState('');
  const { error, submit } = useSubmit(
    () =>
      api.post(`/townships/${townshipId}/households/${householdId}/members`, {
        name,
        tags: tags
          .split(/[,，、]/)
          .map((s) => s.trim())
          .filter(Boolean),
        isHead: false,
      }),
    () => {
      setName('');
      setTags('');
      onAdded();
    },
  );
  return (
    <form className="card no-print" onSubmit={submit}>
      <h2>{t('households.addMember')}</h2>
      <div className="row">
        <Field label={t('households.name')} value={name} onChange={(e) => setName(e.target.value)} />
        <Field label={t('households.tags')} value={tags} onChange={(e) => setTags(e.target.value)} />
        <button type="submit" disabled={!name.trim()}>
          {t('households.add')}
        </button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}

function EditHousehold({
  townshipId,
  view,
  villages,
  onSaved,
}: {
  townshipId: string;
  view: HouseholdView;
  villages: PeopleOptionsView['villages'];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ villageId: view.villageId, number: view.number, address: view.address });
  const { error, submit } = useSubmit(
    () => api.put(`/townships/${townshipId}/households/${view.id}`, form),
    onSaved,
  );
  return (
    <form className="card no-print" onSubmit={submit}>
      <h2>{t('households.edit')}</h2>
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
          label={t('households.address')}
          value={form.address}
          onChange={(e) => setForm({ ...form, address: e.target.value })}
        />
        <button type="submit">{t('households.saveHousehold')}</button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}

/** A household change an officer must give a reason for: a new door plate, or closing it. */
function ReasonForm({
  title,
  label,
  confirm,
  danger = false,
  run,
  onDone,
}: {
  title: string;
  label: string;
  confirm: string;
  danger?: boolean;
  /** Sends the change; what it returns, if anything, is said under the form. */
  run: (reason: string) => Promise<string | undefined>;
  onDone: () => void;
}) {
  const [reason, setReason] = useState('');
  const [note, setNote] = useState<string | undefined>();
  const { error, submit } = useSubmit(async () => {
    setNote(await run(reason));
    setReason('');
  }, onDone);
  return (
    <form className="card no-print" onSubmit={submit}>
      <h2>{title}</h2>
      <div className="row">
        <Field label={label} value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="submit" className={danger ? 'danger' : undefined} disabled={!reason.trim()}>
          {confirm}
        </button>
      </div>
      {note && (
        <p className="notice" role="status">
          {note}
        </p>
      )}
      <ErrorBox error={error} />
    </form>
  );
}

type HouseholdAction = { townshipId: string; householdId: string; onDone: () => void };

/** A lost or damaged door plate: the township signs a new version; tills refuse the old one. */
function ReissuePlate({ townshipId, householdId, onDone }: HouseholdAction) {
  const { t } = useTranslation();
  return (
    <ReasonForm
      title={t('households.reissuePlate')}
      label={t('households.reissueReason')}
      confirm={t('households.reissueConfirm')}
      run={async (reason) => {
        const r = await api.post<{ plateVersion: number }>(
          `/townships/${townshipId}/households/${householdId}/plate`,
          { reason },
        );
        return t('households.reissued', { version: r.plateVersion });
      }}
      onDone={onDone}
    />
  );
}

function CloseHousehold({ townshipId, householdId, onDone }: HouseholdAction) {
  const { t } = useTranslation();
  return (
    <ReasonForm
      title={t('households.closeHousehold')}
      label={t('households.closeReason')}
      confirm={t('households.closeConfirm')}
      danger
      run={async (reason) => {
        await api.post(`/townships/${townshipId}/households/${householdId}/close`, { reason });
        return undefined;
      }}
      onDone={onDone}
    />
  );
}
