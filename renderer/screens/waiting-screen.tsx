import { useTranslation } from 'react-i18next';
import { SimulatedReader } from '../components/simulated-reader';
import { pick } from '../i18n';
import { useCounter } from '../state/counter-store';
import { useStatus } from '../state/status-store';

/** Between customers: ask for the card and say whether a reader is there to read it. */
export function WaitingScreen() {
  const { t } = useTranslation();
  const status = useStatus((s) => s.till);
  const lookingUp = useCounter((s) => s.phase === 'looking-up');
  const readers = status?.readers ?? [];
  const real = readers.filter((r) => !r.simulated);

  return (
    <section className="waiting" data-testid="waiting-screen">
      <div className="waiting-main">
        <div className="card-icon" aria-hidden="true">
          ▭
        </div>
        <h1>{lookingUp ? t('waiting.reading') : t('waiting.title')}</h1>
        <p className="hint big-hint">{t('waiting.hint')}</p>
        <ul className="reader-list" data-testid="reader-list">
          {real.length === 0 && <li className="tone-bad">{t('waiting.noReader')}</li>}
          {real.map((r) => (
            <li key={r.name} className={r.state === 'error' ? 'tone-bad' : 'tone-good'}>
              {t(`reader.${r.state}`)} · {r.name}
            </li>
          ))}
        </ul>
        {status?.readerMessage && <p className="hint">{pick(status.readerMessage)}</p>}
      </div>
      {status?.demo && <SimulatedReader />}
    </section>
  );
}
