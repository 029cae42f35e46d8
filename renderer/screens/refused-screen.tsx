import { useTranslation } from 'react-i18next';
import { RefusalMessage } from '../components/refusal-message';
import { useCounter } from '../state/counter-store';

/** The card cannot be used: say why, big, and wait for the next card. */
export function RefusedScreen() {
  const { t } = useTranslation();
  const blocked = useCounter((s) => s.blocked);
  const card = useCounter((s) => s.card);
  const next = useCounter((s) => s.next);
  return (
    <section className="centered-panel" data-testid="refused-screen">
      {blocked && <RefusalMessage refusal={blocked} large />}
      {card && (
        <p className="hint">
          {t('card.uid', { uid: card.uid })}
          {card.memberName ? ` · ${t('card.member', { name: card.memberName })}` : ''}
        </p>
      )}
      <button type="button" className="btn btn-primary btn-wide" onClick={next} autoFocus>
        {t('common.nextCustomer')}
      </button>
    </section>
  );
}
