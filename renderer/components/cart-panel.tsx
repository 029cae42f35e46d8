import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pts } from '../format/points';
import { cartTotal, useCounter } from '../state/counter-store';
import { CartLine } from './cart-line';
import { RefusalMessage } from './refusal-message';

/** The cart, its total, the balance after, and the one big confirm button. */
export function CartPanel() {
  const { t } = useTranslation();
  const lines = useCounter((s) => s.lines);
  const selected = useCounter((s) => s.selected);
  const household = useCounter((s) => s.household);
  const blocked = useCounter((s) => s.blocked);
  const notice = useCounter((s) => s.notice);
  const phase = useCounter((s) => s.phase);
  const commit = useCounter((s) => s.commit);
  const cancel = useCounter((s) => s.cancel);
  const dismiss = useCounter((s) => s.dismissNotice);
  const [confirmCancel, setConfirmCancel] = useState(false);

  const total = cartTotal(lines);
  const balance = household?.balance ?? 0;
  const after = balance - total;
  const short = after < 0;

  return (
    <section className="cart" aria-label={t('cart.label')} data-testid="cart-panel">
      <ul className="cart-lines">
        {lines.map((l) => (
          <CartLine key={l.product.id} line={l} selected={l.product.id === selected} />
        ))}
        {lines.length === 0 && !blocked && <li className="hint cart-empty">{t('cart.empty')}</li>}
      </ul>
      {blocked && <RefusalMessage refusal={blocked} />}
      {notice && notice !== blocked && <RefusalMessage refusal={notice} onDismiss={dismiss} />}
      <dl className="totals">
        <div>
          <dt>{t('cart.total')}</dt>
          <dd data-testid="cart-total">{pts(total)}</dd>
        </div>
        <div className={short ? 'tone-bad' : ''}>
          <dt>{t('cart.balanceAfter')}</dt>
          <dd data-testid="balance-after">{pts(after)}</dd>
        </div>
      </dl>
      {short && (
        <p className="tone-bad short-note" data-testid="short-note">
          {balance < 0
            ? t('day.debt.cartLine', { owed: pts(-balance) })
            : t('cart.short', { has: pts(balance), needs: pts(total) })}
        </p>
      )}
      <button
        type="button"
        className="btn btn-primary btn-confirm"
        disabled={lines.length === 0 || !!blocked || short || phase === 'committing'}
        onClick={() => void commit()}
        data-testid="confirm"
      >
        {phase === 'committing' ? t('cart.committing') : t('cart.confirm')}
        <span className="key-hint">{t('cart.enterKey')}</span>
      </button>
      {confirmCancel ? (
        <div className="cancel-confirm" data-own-enter>
          <span>{t('cart.cancelQuestion')}</span>
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => void cancel()}
            data-testid="cancel-yes"
          >
            {t('cart.cancelYes')}
          </button>
          <button type="button" className="btn" onClick={() => setConfirmCancel(false)}>
            {t('cart.cancelNo')}
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="btn btn-link"
          data-own-enter
          onClick={() => (lines.length > 0 ? setConfirmCancel(true) : void cancel())}
          data-testid="cancel"
        >
          {lines.length > 0 ? t('cart.cancel') : t('cart.close')}
        </button>
      )}
    </section>
  );
}
