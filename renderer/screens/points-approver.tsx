import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PinPad } from '../components/pin-pad';
import { useSession } from '../state/session-store';

export interface ApproverPin {
  approverId: string;
  approverPin: string;
}

/**
 * The second person at the till: a cadre or manager picks their name and types their PIN.
 * The proposer's own name is offered too, so the till (not the screen) says no to it.
 */
export function PointsApprover({
  onApprove,
  busy,
  label,
}: {
  onApprove(a: ApproverPin): void;
  busy: boolean;
  label?: string;
}) {
  const { t } = useTranslation();
  const clerks = useSession((s) => s.clerks).filter((c) => c.role === 'cadre' || c.role === 'manager');
  const [approverId, setApproverId] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  return (
    <div className="points-approver" data-testid="points-approver">
      <h3>{t('points.approver')}</h3>
      <div className="chip-row">
        {clerks.map((c) => (
          <button
            key={c.id}
            type="button"
            className={c.id === approverId ? 'btn chip selected' : 'btn chip'}
            onClick={() => setApproverId(c.id)}
            data-testid="approver-button"
          >
            {c.name}
          </button>
        ))}
      </div>
      <h3>{t('points.approverPin')}</h3>
      <PinPad
        value={pin}
        onChange={setPin}
        busy={busy || !approverId}
        submitLabel={label ?? t('points.approve')}
        onSubmit={() => {
          if (approverId) onApprove({ approverId, approverPin: pin });
          setPin('');
        }}
      />
    </div>
  );
}
