import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdHit, HouseholdView } from '../../../../src/console/people';
import { api, type ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { asApiError } from '../../hooks/use-load';

type Member = HouseholdView['members'][number];

const BADGE: Record<string, string> = { active: 'good', lost: 'bad', blocked: 'bad', replaced: '' };

/** A member with their cards; officers issue a card (a USB reader types the UID into the box) or move them. */
export function MemberRow({
  townshipId,
  householdId,
  member,
  editable,
  onChanged,
}: {
  townshipId: string;
  householdId: string;
  member: Member;
  editable: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'card' | 'move' | null>(null);
  // A member who holds a card gets a new one in its place (the old is retired), not a second.
  const current = member.cards.find((c) => c.status !== 'replaced');
  return (
    <>
      <tr>
        <td>
          {member.name}
          {member.tags.map((tag) => (
            <span key={tag} className="badge" style={{ marginLeft: '0.4rem' }}>
              {tag}
            </span>
          ))}
        </td>
        <td>{member.isHead ? '✓' : ''}</td>
        <td>
          {member.cards.length === 0 && <span className="hint">{t('households.noCard')}</span>}
          {member.cards.map((c) => (
            <div key={c.uid}>
              <span className="mono">{c.uid}</span>{' '}
              <span className={`badge ${BADGE[c.status] ?? ''}`}>
                {t(`households.cardStatus.${c.status}`)}
              </span>
            </div>
          ))}
        </td>
        {editable && (
          <td className="no-print">
            <button type="button" onClick={() => setOpen(open === 'card' ? null : 'card')}>
              {t(current ? 'households.replaceCard' : 'households.issueCard')}
            </button>{' '}
            {!member.isHead && (
              <button type="button" onClick={() => setOpen(open === 'move' ? null : 'move')}>
                {t('households.move')}
              </button>
            )}
          </td>
        )}
      </tr>
      {open && (
        <tr>
          <td colSpan={4}>
            {open === 'card' ? (
              <IssueCard
                townshipId={townshipId}
                memberId={member.id}
                replaces={current?.uid ?? null}
                onDone={() => {
                  setOpen(null);
                  onChanged();
                }}
              />
            ) : (
              <MoveMember
                townshipId={townshipId}
                householdId={householdId}
                memberId={member.id}
                onDone={onChanged}
              />
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function IssueCard({
  townshipId,
  memberId,
  replaces,
  onDone,
}: {
  townshipId: string;
  memberId: string;
  replaces: string | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [uid, setUid] = useState('');
  const [error, setError] = useState<ConsoleApiError | null>(null);
  // A keyboard-wedge reader types the UID and presses Enter: the form submits by itself.
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      if (replaces)
        await api.post(`/townships/${townshipId}/cards/${encodeURIComponent(replaces)}/replace`, {
          newUid: uid,
        });
      else await api.post(`/townships/${townshipId}/cards`, { memberId, uid });
      onDone();
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return (
    <form onSubmit={submit}>
      <div className="row">
        <Field
          label={t('households.uid')}
          value={uid}
          autoFocus
          className="mono"
          onChange={(e) => setUid(e.target.value)}
        />
        <button type="submit" className="primary" disabled={!uid.trim()}>
          {t(replaces ? 'households.replaceCard' : 'households.issue')}
        </button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}

function MoveMember({
  townshipId,
  householdId,
  memberId,
  onDone,
}: {
  townshipId: string;
  householdId: string;
  memberId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<HouseholdHit[]>([]);
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const find = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const found = await api.get<HouseholdHit[]>(
        `/townships/${townshipId}/households?q=${encodeURIComponent(q)}&limit=10`,
      );
      setHits(found.filter((h) => h.id !== householdId && h.status === 'active'));
    } catch (err) {
      setError(asApiError(err));
    }
  };
  const move = async (to: string) => {
    setError(null);
    try {
      await api.post(`/townships/${townshipId}/members/${memberId}/move`, { toHouseholdId: to });
      onDone();
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return (
    <form onSubmit={find}>
      <div className="row">
        <Field label={t('households.moveTo')} value={q} autoFocus onChange={(e) => setQ(e.target.value)} />
        <button type="submit">{t('households.moveFind')}</button>
      </div>
      {hits.map((h) => (
        <div key={h.id} className="row">
          <span>
            {h.villageName} {h.number} {h.head}
          </span>
          <button type="button" onClick={() => void move(h.id)}>
            {t('households.moveHere')}
          </button>
        </div>
      ))}
      <ErrorBox error={error} />
    </form>
  );
}
