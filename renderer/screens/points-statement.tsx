import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdStatement } from '../../src/api/points';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { pts } from '../format/points';
import { fromTillError, type Refusal } from '../state/refusal';

/** A household's entries for a period with the running balance; prints on A4 like the notice. */
export function PointsStatement() {
  const { t } = useTranslation();
  const [number, setNumber] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [statement, setStatement] = useState<HouseholdStatement | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const show = async () => {
    try {
      const hits = await till.call('points.findHouseholds', { query: number.trim() });
      const h = hits.find((x) => x.number.toUpperCase() === number.trim().toUpperCase());
      if (!h) {
        setRefusal({
          code: 'UNKNOWN_HOUSEHOLD',
          details: {},
          text: { zh: `没有这个户号：${number}`, en: `No household numbered ${number}` },
        });
        return;
      }
      setStatement(await till.call('points.statement', { householdId: h.householdId, from, to }));
      setRefusal(null);
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
  };

  return (
    <div className="statement-screen">
      <form
        className="points-search"
        onSubmit={(e) => {
          e.preventDefault();
          void show();
        }}
      >
        <input
          className="text-input narrow"
          value={number}
          placeholder={t('points.columns.number')}
          onChange={(e) => setNumber(e.target.value)}
          data-testid="statement-number"
        />
        <input
          className="text-input narrow"
          value={from}
          placeholder="YYYY-MM-DD"
          onChange={(e) => setFrom(e.target.value)}
          data-testid="statement-from"
        />
        —
        <input
          className="text-input narrow"
          value={to}
          placeholder="YYYY-MM-DD"
          onChange={(e) => setTo(e.target.value)}
          data-testid="statement-to"
        />
        <button type="submit" className="btn" data-testid="statement-show">
          {t('points.show')}
        </button>
        <button type="button" className="btn" disabled={!statement} onClick={() => window.print()}>
          {t('points.printStatement')}
        </button>
      </form>
      {refusal && <RefusalMessage refusal={refusal} />}
      {statement && (
        <article className="notice-print" data-testid="statement">
          <h1>
            {t('points.statementTitle', {
              village: statement.villageName,
              number: statement.householdNumber,
              name: statement.headName,
            })}
          </h1>
          <p data-testid="statement-sum">
            {t('points.statementSum', {
              from: statement.from,
              to: statement.to,
              opening: pts(statement.opening),
              closing: pts(statement.closing),
            })}
          </p>
          <table className="notice-table">
            <thead>
              <tr>
                <th>{t('points.columns.date')}</th>
                <th>{t('points.columns.reason')}</th>
                <th>{t('points.columns.points')}</th>
                <th>{t('points.columns.balance')}</th>
              </tr>
            </thead>
            <tbody>
              {statement.lines.map((l) => (
                <tr key={l.id} data-testid="statement-line">
                  <td>{l.businessDate}</td>
                  <td>
                    {l.text}
                    {l.uncounted && (
                      <span className="uncounted-note" data-testid="uncounted-note">
                        {t(`verdicts.${l.uncounted}`)}
                      </span>
                    )}
                  </td>
                  <td className={l.uncounted ? 'uncounted' : l.amount < 0 ? 'minus' : 'plus'}>
                    {pts(l.amount)}
                  </td>
                  <td>{pts(l.balance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
      )}
    </div>
  );
}
