import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toTillError } from '../api';
import { fromTillError, type Refusal } from '../state/refusal';

/**
 * One till call behind a dialog's submit: busy while it runs (a second press does
 * nothing), the answer kept as `done`, a refusal worded for the clerk. Dialogs that do
 * one thing and then say so share this rather than each keeping the same three states.
 */
export function useTillAction<T>() {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<T | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const run = async (call: () => Promise<T>): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setRefusal(null);
    try {
      setDone(await call());
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
    setBusy(false);
  };

  return { busy, done, refusal, setRefusal, run };
}

/** What a dialog shows once its one act is done: the outcome, an optional hint, OK. */
export function DoneNote(props: { testId: string; message: string; hint?: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="done-note" data-testid={props.testId}>
      <p className="tone-good big-hint">{props.message}</p>
      {props.hint && <p className="hint">{props.hint}</p>}
      <button type="button" className="btn btn-primary" onClick={props.onClose} autoFocus>
        {t('common.ok')}
      </button>
    </div>
  );
}
