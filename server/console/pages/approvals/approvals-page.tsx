import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdHit } from '../../../../src/console/people';
import type { ProposalStatus, ProposalView, RuleView } from '../../../../src/console/points';
import { api, type ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { when } from '../../format';
import { asApiError, useLoad } from '../../hooks/use-load';
import { points } from '../households/format';
import type { PageProps } from '../types';

type Show = ProposalStatus | 'all';
const SHOWS: Show[] = ['pending', 'approved', 'rejected', 'all'];

/**
 * Proposals from tills and the console; a different officer or cadre approves or rejects
 * them with a reason. The server refuses self-approval and a second decision.
 */
export function ApprovalsPage({ session, townshipId }: PageProps) {
  const { t } = useTranslation();
  const [show, setShow] = useState<Show>('pending');
  const path = `/townships/${townshipId}/proposals?status=${show}`;
  const list = useLoad(() => api.get<ProposalView[]>(path), path);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [message, setMessage] = useState('');

  const decide = async (p: ProposalView, action: 'approve' | 'reject') => {
    setError(null);
    setMessage('');
    try {
      await api.post(
        `/townships/${townshipId}/proposals/${p.id}/${action}`,
        action === 'reject' ? { reason } : undefined,
      );
      const household = p.householdNumber ?? '';
      setMessage(
        action === 'approve'
          ? t('approvals.approved', { household, points: points(p.amount) })
          : t('approvals.rejected', { household }),
      );
      setRejecting(null);
      setReason('');
      list.reload();
    } catch (err) {
      setError(asApiError(err));
    }
  };

  return (
    <section>
      <h1>{t('approvals.title')}</h1>
      <p className="hint">{t('approvals.intro')}</p>
      <div className="toolbar">
        {SHOWS.map((s) => (
          <button
            key={s}
            type="button"
            className={s === show ? 'primary' : ''}
            aria-pressed={s === show}
            onClick={() => setShow(s)}
          >
            {t(`approvals.statuses.${s}`)}
          </button>
        ))}
      </div>
      {message && (
        <p className="ok-box" role="status">
          {message}
        </p>
      )}
      <ErrorBox error={list.error ?? error} />
      {list.data?.length === 0 && <p className="hint">{t('approvals.none')}</p>}
      {list.data && list.data.length > 0 && (
        <table data-testid="proposals">
          <thead>
            <tr>
              <th>{t('approvals.household')}</th>
              <th>{t('approvals.village')}</th>
              <th>{t('approvals.rule')}</th>
              <th className="num">{t('approvals.points')}</th>
              <th>{t('approvals.note')}</th>
              <th>{t('approvals.proposedBy')}</th>
              <th>{t('approvals.date')}</th>
              <th>{t('approvals.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((p) => (
              <tr key={p.id} data-household={p.householdNumber ?? ''}>
                <td>
                  {p.householdNumber ?? p.householdId}
                  {p.memberName && <div className="hint small">{p.memberName}</div>}
                </td>
                <td>{p.villageName ?? '—'}</td>
                <td>
                  {p.reverses && <span className="badge warn">{t('approvals.reversal')}</span>}{' '}
                  {p.ruleName ?? '—'}
                </td>
                <td className={`num ${p.amount < 0 ? 'bad' : ''}`}>{points(p.amount)}</td>
                <td>{p.reason}</td>
                <td>
                  {p.proposedByName ?? '—'}
                  <div className="hint small">{p.deviceName ?? t('approvals.console')}</div>
                </td>
                <td>{p.businessDate}</td>
                <td>
                  {p.status !== 'pending' ? (
                    <>
                      <span className={`badge ${p.status === 'approved' ? 'good' : 'bad'}`}>
                        {t(`approvals.statuses.${p.status}`)}
                      </span>
                      {p.decisionReason && <div>{p.decisionReason}</div>}
                      {p.decidedByName && (
                        <div className="hint small">
                          {t('approvals.decidedBy', { name: p.decidedByName, time: when(p.decidedAt) })}
                        </div>
                      )}
                    </>
                  ) : rejecting === p.id ? (
                    <form
                      onSubmit={(e) => {
                        e.preventDefault();
                        void decide(p, 'reject');
                      }}
                    >
                      <Field
                        label={t('approvals.rejectReason')}
                        value={reason}
                        autoFocus
                        onChange={(e) => setReason(e.target.value)}
                      />
                      <div className="toolbar">
                        <button type="submit" className="primary" disabled={reason.trim().length < 2}>
                          {t('approvals.confirmReject')}
                        </button>
                        <button type="button" onClick={() => setRejecting(null)}>
                          {t('approvals.cancel')}
                        </button>
                      </div>
                    </form>
                  ) : (
                    <div className="toolbar">
                      <button type="button" className="primary" onClick={() => void decide(p, 'approve')}>
                        {t('approvals.approve')}
                      </button>
                      <button
                        type="button"
                        onClick={() => {
                          setRejecting(p.id);
                          setReason('');
                          setError(null);
                        }}
                      >
                        {t('approvals.reject')}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ProposeForm
        townshipId={townshipId}
        onDone={() => {
          setShow('pending');
          list.reload();
        }}
        key={session.officer.id}
      />
    </section>
  );
}

/** A console account proposes points by rule for a household found by its number. */
function ProposeForm({ townshipId, onDone }: { townshipId: string; onDone(): void }) {
  const { t } = useTranslation();
  const rulesPath = `/townships/${townshipId}/rules`;
  const rules = useLoad(() => api.get<RuleView[]>(rulesPath), rulesPath);
  const [number, setNumber] = useState('');
  const [ruleId, setRuleId] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [message, setMessage] = useState('');
  const active = rules.data?.filter((r) => r.active) ?? [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setMessage('');
    try {
      const hits = await api.get<HouseholdHit[]>(
        `/townships/${townshipId}/households?q=${encodeURIComponent(number.trim())}`,
      );
      const h = hits.find((x) => x.number === number.trim());
      if (!h) {
        setError(asApiError(t('approvals.noHousehold', { number: number.trim() })));
        return;
      }
      await api.post(`/townships/${townshipId}/proposals`, {
        householdId: h.id,
        ruleId: ruleId || active[0]?.id,
        note,
      });
      setMessage(t('approvals.proposed'));
      setNumber('');
      setNote('');
      onDone();
    } catch (err) {
      setError(asApiError(err));
    }
  };

  return (
    <form className="card" onSubmit={submit} aria-label={t('approvals.propose')}>
      <h2>{t('approvals.propose')}</h2>
      <div className="row">
        <Field
          label={t('approvals.proposeHouseholdNumber')}
          value={number}
          onChange={(e) => setNumber(e.target.value)}
        />
        <label className="field">
          <span>{t('approvals.proposeRule')}</span>
          <select value={ruleId || active[0]?.id || ''} onChange={(e) => setRuleId(e.target.value)}>
            {active.map((r) => (
              <option key={r.id} value={r.id}>
                {r.category} · {r.name} ({points(r.points)})
              </option>
            ))}
          </select>
        </label>
        <Field label={t('approvals.proposeNote')} value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="submit" className="primary" disabled={!number.trim() || active.length === 0}>
          {t('approvals.proposeSubmit')}
        </button>
      </div>
      {message && (
        <p className="ok-box" role="status">
          {message}
        </p>
      )}
      <ErrorBox error={error} />
    </form>
  );
}
