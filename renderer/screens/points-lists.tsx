import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleView, SuspensionView } from '../../src/api/points';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { fromTillError, type Refusal } from '../state/refusal';
import { type ApproverPin, PointsApprover } from './points-approver';
import { RuleChoice } from './points-rule-choice';

async function householdByNumber(number: string): Promise<string> {
  const hits = await till.call('points.findHouseholds', { query: number.trim() });
  const h = hits.find((x) => x.number.toUpperCase() === number.trim().toUpperCase());
  if (!h) {
    throw {
      code: 'UNKNOWN_HOUSEHOLD',
      zh: `没有这个户号：${number}`,
      en: `No household numbered ${number}`,
      details: {},
    };
  }
  return h.householdId;
}

/** 红黑榜: black-list a household (deduction + suspension, approved), lift early, honour. */
export function PointsLists({ rules }: { rules: RuleView[] }) {
  const { t } = useTranslation();
  const [black, setBlack] = useState<SuspensionView[]>([]);
  const [number, setNumber] = useState('');
  const [ruleId, setRuleId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [months, setMonths] = useState(3);
  const [mode, setMode] = useState<'black' | 'lift' | null>(null);
  const [liftOf, setLiftOf] = useState<SuspensionView | null>(null);
  const [title, setTitle] = useState('');
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => setBlack(await till.call('points.blackListNow', {})), []);
  useEffect(() => {
    void load();
    void till.call('points.settings', {}).then((s) => setMonths(s.blackListMonths));
  }, [load]);

  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    try {
      setMessage(await fn());
      setRefusal(null);
      setMode(null);
      await load();
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
    setBusy(false);
  };

  const blackList = (a: ApproverPin) =>
    run(async () => {
      const householdId = await householdByNumber(number);
      const s = await till.call('points.blackList', {
        householdId,
        ruleId: ruleId!,
        reason: reason.trim(),
        months,
        ...a,
      });
      return `${s.householdNumber} ${t('points.until', { ...s })}`;
    });
  const lift = (a: ApproverPin) =>
    run(async () => {
      const s = await till.call('points.lift', {
        householdId: liftOf!.householdId,
        reason: reason.trim(),
        ...a,
      });
      return `${s.householdNumber} ✓`;
    });
  const honour = () =>
    run(async () => {
      const householdId = await householdByNumber(number);
      await till.call('points.honour', { householdId, title: title.trim(), reason: reason.trim() });
      return `${number.toUpperCase()} ${title} ✓`;
    });

  return (
    <div className="points-lists">
      <section>
        <h3>{t('points.blackTitle')}</h3>
        {black.length === 0 && <p className="hint">{t('points.noBlack')}</p>}
        <table className="points-table" data-testid="black-list">
          <tbody>
            {black.map((s) => (
              <tr key={s.entryId} data-testid="black-row">
                <td>{s.householdNumber}</td>
                <td>{s.headName}</td>
                <td>{s.reason}</td>
                <td>{t('points.until', { ...s })}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => {
                      setLiftOf(s);
                      setMode('lift');
                      setReason('');
                    }}
                    data-testid="black-lift"
                  >
                    {t('points.lift')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="points-form">
        <input
          className="text-input"
          value={number}
          placeholder={t('points.houseNumber')}
          onChange={(e) => setNumber(e.target.value)}
          data-testid="lists-number"
        />
        <input
          className="text-input"
          value={reason}
          placeholder={mode === 'lift' ? t('points.liftReason') : t('points.reason')}
          onChange={(e) => setReason(e.target.value)}
          data-testid="lists-reason"
        />
        <RuleChoice rules={rules} value={ruleId} onChange={setRuleId} filter={(r) => r.points < 0} />
        <label>
          {t('points.months')}{' '}
          <input
            type="number"
            className="text-input narrow"
            min={1}
            max={36}
            value={months}
            onChange={(e) => setMonths(Number(e.target.value))}
            data-testid="lists-months"
          />
        </label>
        <div className="button-row">
          <button
            type="button"
            className="btn btn-danger"
            disabled={!number.trim() || !reason.trim() || !ruleId}
            onClick={() => setMode('black')}
            data-testid="black-add"
          >
            {t('points.blackAdd')}
          </button>
          <input
            className="text-input"
            value={title}
            placeholder={t('points.honourTitle')}
            onChange={(e) => setTitle(e.target.value)}
            data-testid="red-title"
          />
          <button
            type="button"
            className="btn"
            disabled={busy || !number.trim() || !reason.trim() || !title.trim()}
            onClick={() => void honour()}
            data-testid="red-add"
          >
            {t('points.honourAdd')}
          </button>
        </div>
      </section>
      {mode && (mode === 'black' || reason.trim()) && (
        <PointsApprover
          busy={busy}
          key={mode}
          onApprove={(a) => void (mode === 'black' ? blackList(a) : lift(a))}
        />
      )}
      {refusal && <RefusalMessage refusal={refusal} />}
      {message && (
        <p className="tone-good" data-testid="lists-done">
          {message}
        </p>
      )}
    </div>
  );
}
