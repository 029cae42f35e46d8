import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PinPad } from '../components/pin-pad';
import { useReasonChoice } from '../components/reason-picker';
import { useSession } from '../state/session-store';

export interface ManagerApproval {
  managerId: string;
  managerPin: string;
  reason: string;
}

const REASON_KEYS = ['wrongItem', 'customerChanged', 'damaged', 'other'] as const;

/** A manager approves with their own PIN and a reason; the till records who and why. */
export function ManagerAuth({ onApprove, busy }: { onApprove(a: ManagerApproval): void; busy: boolean }) {
  const { t } = useTranslation();
  const clerks = useSession((s) => s.clerks);
  const managers = clerks.filter((c) => c.role === 'manager');
  const [managerId, setManagerId] = useState<string | null>(managers.length === 1 ? managers[0]!.id : null);
  const [pin, setPin] = useState('');
  const { reason, picker: reasonPicker } = useReasonChoice(REASON_KEYS, 'reasons');

  return (
    <div className="manager-auth">
      <div>
        <h3>{t('manager.reason')}</h3>
        {reasonPicker}
        <h3>{t('manager.who')}</h3>
        <div className="chip-row">
          {managers.map((m) => (
            <button
              key={m.id}
              type="button"
              className={m.id === managerId ? 'btn chip selected' : 'btn chip'}
              onClick={() => setManagerId(m.id)}
              data-testid="manager-button"
            >
              {m.name}
            </button>
          ))}
        </div>
      </div>
      <div>
        <h3>{t('manager.pin')}</h3>
        <PinPad
          value={pin}
          onChange={setPin}
          busy={busy || !managerId || !reason}
          submitLabel={t('pin.approve')}
          onSubmit={() => {
            if (managerId && reason) onApprove({ managerId, managerPin: pin, reason });
            setPin('');
          }}
        />
      </div>
    </div>
  );
}
