import { useTranslation } from 'react-i18next';
import { pts } from '../format/points';
import { pick } from '../i18n';
import { useCounter } from '../state/counter-store';
import { useStatus } from '../state/status-store';

/** The sale is in the ledger: the new balance, big, and the receipt on its way. */
export function SuccessScreen() {
  const { t } = useTranslation();
  const sale = useCounter((s) => s.sale);
  const next = useCounter((s) => s.next);
  const notice = useCounter((s) => s.notice);
  const printer = useStatus((s) => s.till?.printer);
  if (!sale) return null;
  const printerOk = !printer || printer.state === 'ready' || printer.state === 'printing';
  return (
    <section className="centered-panel success" data-testid="success-screen">
      <div className="success-mark" aria-hidden="true" />
      <h1>{t('success.title')}</h1>
      {notice?.code === 'SALE_ID_REUSED' && (
        <div className="refusal" role="alert" data-testid="sale-conflict">
          <div className="refusal-title">{t('day.resend.title')}</div>
          <div className="refusal-body">{notice.text ? pick(notice.text) : ''}</div>
          <div className="refusal-body">{t('day.resend.body')}</div>
        </div>
      )}
      <p>
        {t('success.household', { number: sale.householdNumber, name: sale.headName })} ·{' '}
        {t('success.receiptNo', { no: sale.receiptNo })}
      </p>
      <p className="success-lines" data-testid="success-lines">
        {sale.lines.map((l) => t('day.lines', { name: l.name, qty: l.qty })).join('，')}
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
