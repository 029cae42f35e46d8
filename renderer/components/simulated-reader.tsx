import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TillStatus } from '../../src/api/contract';
import { till, toTillError } from '../api';
import { pick } from '../i18n';
import { useStatus } from '../state/status-store';

const NO_CARDS: NonNullable<TillStatus['demoCards']> = [];

/**
 * Demo mode only, and labelled as such: "taps" a card through the till's simulated
 * reader, so the whole flow can be tried without hardware.
 */
export function SimulatedReader() {
  const { t } = useTranslation();
  const cards = useStatus((s) => s.till?.demoCards) ?? NO_CARDS;
  const [uid, setUid] = useState('');
  const [error, setError] = useState<string | null>(null);

  const tap = async (cardUid: string) => {
    setError(null);
    try {
      await till.call('card.simulateTap', { uid: cardUid });
    } catch (e) {
      setError(pick(toTillError(e)));
    }
  };

  return (
    <aside className="sim-reader" aria-labelledby="sim-title" data-testid="simulated-reader">
      <h2 id="sim-title">{t('sim.title')}</h2>
      <p className="hint">{t('sim.explain')}</p>
      <div className="sim-cards">
        {cards.map((c) => (
          <button key={c.uid} type="button" className="btn sim-card" onClick={() => void tap(c.uid)}>
            <span>
              {t(`sim.kind.${c.kind}`)}
              {c.holder ? ` · ${c.holder}` : ''}
            </span>
            <span className="mono">{c.uid}</span>
          </button>
        ))}
      </div>
      <form
        className="sim-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (uid.trim()) void tap(uid.trim());
        }}
      >
        <label>
          {t('sim.uidLabel')}
          <input value={uid} onChange={(e) => setUid(e.target.value)} className="mono" maxLength={24} />
        </label>
        <button type="submit" className="btn">
          {t('sim.tap')}
        </button>
      </form>
      {error && <p className="tone-bad">{error}</p>}
    </aside>
  );
}
