import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardView } from '../../src/api/contract';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { fromTillError, type Refusal } from '../state/refusal';
import { useUi } from '../state/ui-store';
import { Modal } from './modal';

/**
 * A manager issues a card, or replaces a lost one, by tapping it (offline too): the tap
 * only fills the UID (a tap-taking dialog, decision 0305); the till writes a card.issue entry.
 */
export function CardIssueDialog() {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const tap = useUi((s) => s.tap);
  const [number, setNumber] = useState('');
  const [uid, setUid] = useState('');
  const [replaceOld, setReplaceOld] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<CardView | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  useEffect(() => {
    if (tap) setUid(tap.uid);
  }, [tap]);

  const submit = async () => {
    if (!number.trim() || !uid.trim() || busy) return;
    setBusy(true);
    setRefusal(null);
    try {
      setDone(await till.call('card.issue', { uid: uid.trim(), householdNumber: number.trim(), replaceOld }));
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
    setBusy(false);
  };

  return (
    <Modal title={t('cardIssue.title')} onClose={close}>
      {done ? (
        <div className="done-note" data-testid="card-issue-done">
          <p className="tone-good big-hint">
            {t('cardIssue.done', {
              uid: done.uid,
              number: done.household?.number ?? '',
              name: done.memberName ?? done.household?.headName ?? '',
            })}
          </p>
          <button type="button" className="btn btn-primary" onClick={close} autoFocus>
            {t('common.ok')}
          </button>
        </div>
      ) : (
        <form
          className="lost-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <p className="hint">{t('cardIssue.explain')}</p>
          <label>
            {t('cardIssue.household')}
            <input
              className="text-input mono"
              value={number}
              maxLength={40}
              onChange={(e) => setNumber(e.target.value)}
              data-testid="card-issue-household"
              autoFocus
            />
          </label>
          <label>
            {t('cardIssue.uid')}
            <input
              className="text-input mono"
              value={uid}
              maxLength={24}
              onChange={(e) => setUid(e.target.value)}
              data-testid="card-issue-uid"
            />
          </label>
          <label className="check" style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}>
            <input
              type="checkbox"
              checked={replaceOld}
              onChange={(e) => setReplaceOld(e.target.checked)}
              data-testid="card-issue-replace"
            />
            {t('cardIssue.replaceOld')}
          </label>
          {refusal && <RefusalMessage refusal={refusal} />}
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || !number.trim() || !uid.trim()}
            data-testid="card-issue-submit"
          >
            {t('cardIssue.submit')}
          </button>
        </form>
      )}
    </Modal>
  );
}
