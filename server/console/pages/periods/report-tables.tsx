import { useTranslation } from 'react-i18next';
import type { ReportRow } from '../../../../src/reports/reconciliation';
import { pts, yuan } from '../../format';

/** One table of report rows (by village or by shop), with an optional stock value per row. */
export function ReportTable({
  title,
  rows,
  total,
  stockFen,
  testId,
}: {
  title: string;
  rows: ReportRow[];
  total: ReportRow;
  stockFen?: (key: string) => number | null;
  testId: string;
}) {
  const { t } = useTranslation();
  const cells = (r: ReportRow) => (
    <>
      <td className="num">{pts(r.issued)}</td>
      <td className="num">{pts(r.deducted)}</td>
      <td className="num">{pts(r.redeemed)}</td>
      <td className="num">{pts(r.voided)}</td>
      <td className="num">{pts(r.net)}</td>
      <td className="num">{yuan(r.goodsCostFen)}</td>
    </>
  );
  return (
    <>
      <h2>{title}</h2>
      <table data-testid={testId}>
        <thead>
          <tr>
            <th>{t('periods.name')}</th>
            <th className="num">{t('periods.issued')}</th>
            <th className="num">{t('periods.deducted')}</th>
            <th className="num">{t('periods.redeemed')}</th>
            <th className="num">{t('periods.voided')}</th>
            <th className="num">{t('periods.net')}</th>
            <th className="num">{t('periods.goodsValue')}</th>
            {stockFen && <th className="num">{t('periods.stockValue')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const stock = stockFen?.(r.key);
            return (
              <tr key={r.key}>
                <td>{r.name}</td>
                {cells(r)}
                {stockFen && (
                  <td className="num">{stock === null || stock === undefined ? '—' : yuan(stock)}</td>
                )}
              </tr>
            );
          })}
          <tr className="total">
            <td>{t('periods.total')}</td>
            {cells(total)}
            {stockFen && <td />}
          </tr>
        </tbody>
      </table>
    </>
  );
}
