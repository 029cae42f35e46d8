import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardView } from '../../src/api/contract';
import { till } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { useUi } from '../state/ui-store';
import { Modal } from './modal';
import { DoneNote, useTillAction } from './use-till-action';

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
  const { busy, done, refusal, run } = useTillAction<CardView>();

  useEffect(() => {
    if (tap) setUid(tap.uid);
  }, [tap]);

  const submit = async () => {
    if (!number.trim() || !uid.trim()) return;
    await run(() => till.call('card.issue', { uid: uid.trim(), householdNumber: number.trim(), replaceOld }));
  };

  return (
    <Modal title={t('cardIssue.title')} onClose={close}>
      {done ? (
        <DoneNote
          testId="card-issue-done"
          message={t('cardIssue.done', {
            uid: done.uid,
            number: done.household?.number ?? '',
            name: done.memberName ?? done.household?.headName ?? '',
          })}
          onClose={close}
        />
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
