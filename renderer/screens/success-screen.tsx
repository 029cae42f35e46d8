import { useTranslation } from 'react-i18next';
import { pts } from '../format/points';
import { useCounter } from '../state/counter-store';
import { useStatus } from '../state/status-store';

/** The sale is in the ledger: the new balance, big, and the receipt on its way. */
export function SuccessScreen() {
  const { t } = useTranslation();
  const sale = useCounter((s) => s.sale);
  const next = useCounter((s) => s.next);
  const printer = useStatus((s) => s.till?.printer);
  if (!sale) return null;
  const printerOk = !printer || printer.state === 'ready' || printer.state === 'printing';
  return (
    <section className="centered-panel success" data-testid="success-screen">
      <div className="success-mark" aria-hidden="true" />
      <h1>{t('success.title')}</h1>
      <p>
        {t('success.household', { number: sale.householdNumber, name: sale.headName })} ·{' '}
        {t('success.receiptNo', { no: sale.receiptNo })}
      </p>
      <dl className="success-figures">
        <div>
          <dt>{t('success.spent')}</dt>
          <dd data-testid="success-spent">{pts(sale.totalPoints)}</dd>
        </div>
        <div>
          <dt>{t('success.balanceBefore')}</dt>
          <dd>{pts(sale.balanceBefore)}</dd>
        </div>
        <div className="success-new">
          <dt>{t('success.newBalance')}</dt>
          <dd data-testid="success-balance">{pts(sale.balanceAfter)}</dd>
        </div>
      </dl>
      <p className={printerOk ? 'hint' : 'tone-warn'}>
        {printerOk
          ? t('success.receiptQueued')
          : t('success.receiptWaiting', { state: t(`printer.${printer?.state}`) })}
      </p>
      <button
        type="button"
        className="btn btn-primary btn-wide"
        onClick={next}
        autoFocus
        data-testid="next-customer"
      >
        {t('success.next')}
      </button>
    </section>
  );
}
