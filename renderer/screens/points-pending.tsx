import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AwardView } from '../../src/api/points';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { pts } from '../format/points';
import { fromTillError, type Refusal } from '../state/refusal';
import { type ApproverPin, PointsApprover } from './points-approver';

/** 三评两审: proposals waiting for a second person, who approves or rejects with a reason. */
export function PointsPending() {
  const { t } = useTranslation();
  const [rows, setRows] = useState<AwardView[]>([]);
  const [chosen, setChosen] = useState<{ id: string; action: 'approve' | 'reject' } | null>(null);
  const [reason, setReason] = useState('');
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setRows(await till.call('points.list', { status: 'pending', limit: 200 }));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const decide = async (a: ApproverPin) => {
    if (!chosen) return;
    setBusy(true);
    try {
      if (chosen.action === 'approve') await till.call('points.approve', { awardId: chosen.id, ...a });
      else await till.call('points.reject', { awardId: chosen.id, reason: reason.trim(), ...a });
      setChosen(null);
      setReason('');
      setRefusal(null);
      await load();
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
    setBusy(false);
  };

  if (rows.length === 0 && !refusal)
    return (
      <p className="hint" data-testid="pending-none">
        {t('points.noPending')}
      </p>
    );
  return (
    <div className="points-pending">
      <table className="points-table" data-testid="pending-list">
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="pending-row" className={chosen?.id === r.id ? 'selected' : ''}>
              <td>{r.householdNumber}</td>
              <td>{r.memberName ?? r.headName}</td>
              <td>{r.ruleName ?? ''}</td>
              <td>{r.reason}</td>
              <td className={r.amount < 0 ? 'minus' : 'plus'}>{pts(r.amount)}</td>
              <td className="hint">{t('points.proposedBy', { name: r.proposedByName ?? '' })}</td>
              <td>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => setChosen({ id: r.id, action: 'approve' })}
                  data-testid="pending-approve"
                >
                  {t('points.approve')}
                </button>{' '}
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => setChosen({ id: r.id, action: 'reject' })}
                  data-testid="pending-reject"
                >
                  {t('points.reject')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {chosen?.action === 'reject' && (
        <input
          className="text-input"
          value={reason}
          placeholder={t('points.rejectReason')}
          onChange={(e) => setReason(e.target.value)}
          data-testid="reject-reason"
        />
      )}
      {chosen && (chosen.action === 'approve' || reason.trim()) && (
        <PointsApprover
          key={chosen.id + chosen.action}
          busy={busy}
          label={chosen.action === 'approve' ? t('points.approve') : t('points.reject')}
          onApprove={(a) => void decide(a)}
        />
      )}
      {refusal && <RefusalMessage refusal={refusal} />}
    </div>
  );
}
