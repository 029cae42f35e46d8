import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardView } from '../../src/api/contract';
import { till } from '../api';
import { useReasonChoice } from '../components/reason-picker';
import { RefusalMessage } from '../components/refusal-message';
import { useCounter } from '../state/counter-store';
import { useUi } from '../state/ui-store';
import { Modal } from './modal';
import { DoneNote, useTillAction } from './use-till-action';

const REASON_KEYS = ['phoned', 'inPerson', 'other'] as const;

/**
 * Report a card lost at the counter: the card on screen, a typed UID, or one tapped while
 * the dialog is open (the tap only fills the UID, see events.ts). From then on it is refused.
 */
export function ReportLostDialog() {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const tap = useUi((s) => s.tap);
  const onScreen = useCounter((s) => s.card);
  const [uid, setUid] = useState(onScreen?.uid ?? '');
  const { busy, done, refusal, run } = useTillAction<CardView>();
  const { reason, picker: reasonPicker } = useReasonChoice(REASON_KEYS, 'lost.reasons');

  useEffect(() => {
    if (tap) setUid(tap.uid);
  }, [tap]);

  const submit = async () => {
    if (!uid.trim() || !reason) return;
    await run(async () => {
      const card = await till.call('card.block', { uid: uid.trim(), reason, lost: true });
      // The cart of a card just reported lost must not go on.
      if (useCounter.getState().card?.uid === card.uid) await useCounter.getState().cancel();
      return card;
    });
  };

  return (
    <Modal title={t('lost.title')} onClose={close}>
      {done ? (
        <DoneNote
          testId="lost-done"
          message={t('lost.done', { uid: done.uid })}
          hint={t('lost.doneHint')}
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
          <p className="hint">{t('lost.explain')}</p>
          <label>
            {t('lost.uid')}
            <input
              className="text-input mono"
              value={uid}
              maxLength={24}
              onChange={(e) => setUid(e.target.value)}
              data-testid="lost-uid"
              autoFocus
            />
          </label>
          {onScreen && onScreen.uid === uid.trim().toUpperCase() && onScreen.household && (
            <p className="hint" data-testid="lost-holder">
              {t('lost.holder', {
                number: onScreen.household.number,
                name: onScreen.memberName ?? onScreen.household.headName,
              })}
            </p>
          )}
          <h3>{t('manager.reason')}</h3>
          {reasonPicker}
          <button
            type="submit"
            className="btn btn-primary"
            disabled={busy || !uid.trim() || !reason}
            data-testid="lost-submit"
          >
            {t('lost.submit')}
          </button>
        </form>
      )}
      {refusal && <RefusalMessage refusal={refusal} />}
    </Modal>
  );
}
