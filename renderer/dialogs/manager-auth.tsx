import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PinPad } from '../components/pin-pad';
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
  const [reasonKey, setReasonKey] = useState<(typeof REASON_KEYS)[number]>('wrongItem');
  const [otherText, setOtherText] = useState('');
  const [pin, setPin] = useState('');
  const reason = reasonKey === 'other' ? otherText.trim() : t(`reasons.${reasonKey}`);

  return (
    <div className="manager-auth">
      <div>
        <h3>{t('manager.reason')}</h3>
        <div className="chip-row">
          {REASON_KEYS.map((k) => (
            <button
              key={k}
              type="button"
              className={k === reasonKey ? 'btn chip selected' : 'btn chip'}
              onClick={() => setReasonKey(k)}
            >
              {t(`reasons.${k}`)}
            </button>
          ))}
        </div>
        {reasonKey === 'other' && (
          <input
            className="text-input"
            value={otherText}
            maxLength={200}
            onChange={(e) => setOtherText(e.target.value)}
            placeholder={t('manager.reasonPlaceholder')}
          />
        )}
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
