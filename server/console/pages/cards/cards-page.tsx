import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardView } from '../../../../src/console/people';
import { api, type ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { asApiError } from '../../hooks/use-load';
import { hrefTo } from '../../state/router';
import type { PageProps } from '../types';

/** A card by UID (a USB reader types it into the focused box): report lost, found, or replace it. */
export function CardsPage({ townshipId }: PageProps) {
  const { t } = useTranslation();
  const [uid, setUid] = useState('');
  const [found, setFound] = useState<{ uid: string; card: CardView | null } | null>(null);
  const [reason, setReason] = useState('');
  const [newUid, setNewUid] = useState('');
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [done, setDone] = useState(false);

  const look = async (which = uid) => {
    setError(null);
    try {
      setFound(
        await api.get<{ uid: string; card: CardView | null }>(
          `/townships/${townshipId}/cards/${encodeURIComponent(which)}`,
        ),
      );
    } catch (e) {
      setFound(null);
      setError(asApiError(e));
    }
  };
  const find = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    void look();
  };
  const act = async (action: 'lost' | 'found' | 'replace') => {
    if (!found?.card) return;
    setError(null);
    try {
      const r = await api.post<{ uid: string }>(
        `/townships/${townshipId}/cards/${found.card.uid}/${action}`,
        {
          reason,
          ...(action === 'replace' ? { newUid } : {}),
        },
      );
      setDone(true);
      setReason('');
      setNewUid('');
      await look(r.uid);
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const c = found?.card;
  return (
    <section>
      <h1>{t('cards.title')}</h1>
      <form className="toolbar" onSubmit={find}>
        <Field
          label={t('cards.uid')}
          value={uid}
          autoFocus
          className="mono"
          onChange={(e) => setUid(e.target.value)}
        />
        <button type="submit">{t('cards.find')}</button>
      </form>
      <ErrorBox error={error} />
      {done && (
        <p className="ok-box" role="status">
          {t('cards.done')}
        </p>
      )}
      {found && !c && <p className="notice">{t('cards.notIssued', { uid: found.uid })}</p>}
      {c && (
        <div className="card">
          <dl className="facts">
            <dt>UID</dt>
            <dd className="mono">{c.uid}</dd>
            <dt>{t('cards.holder')}</dt>
            <dd>{c.memberName ?? ''}</dd>
            <dt>{t('cards.household')}</dt>
            <dd>
              <a href={hrefTo('households', c.householdId)}>{c.householdNumber}</a>
            </dd>
            <dt>{t('cards.status')}</dt>
            <dd>
              <span className={`badge ${c.status === 'active' ? 'good' : 'bad'}`}>
                {t(`cards.statuses.${c.status}`)}
              </span>
              {c.reason && ` ${c.reason}`}
            </dd>
          </dl>
          {c.status !== 'replaced' && (
            <>
              <div className="row">
                <Field label={t('cards.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
                {c.status === 'active' ? (
                  <button type="button" className="danger" onClick={() => void act('lost')}>
                    {t('cards.lost')}
                  </button>
                ) : (
                  <button type="button" onClick={() => void act('found')}>
                    {t('cards.found')}
                  </button>
                )}
              </div>
              <div className="row">
                <Field
                  label={t('cards.newUid')}
                  value={newUid}
                  className="mono"
                  onChange={(e) => setNewUid(e.target.value)}
                />
                <button type="button" disabled={!newUid.trim()} onClick={() => void act('replace')}>
                  {t('cards.replace')}
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
