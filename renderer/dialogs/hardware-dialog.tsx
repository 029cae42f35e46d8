import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { pick } from '../i18n';
import { fromTillError, type Refusal } from '../state/refusal';
import { useStatus } from '../state/status-store';
import { useUi } from '../state/ui-store';
import { Modal } from './modal';

type Section = 'readers' | 'printer';
type Feedback = { section: Section; message?: string; refusal?: Refusal };

/**
 * The hardware check: readers, printer and a test tap in one place. While it is open a
 * tap only shows here (see events.ts), so checking a card never starts a sale.
 */
export function HardwareDialog() {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const tap = useUi((s) => s.tap);
  const status = useStatus((s) => s.till);
  const [busy, setBusy] = useState(false);
  // Feedback shows in the section whose button was pressed, where the eye already is.
  const [feedback, setFeedback] = useState<Feedback | null>(null);

  useEffect(() => {
    void useStatus.getState().refresh();
  }, []);

  const run = async (section: Section, action: () => Promise<string>) => {
    setBusy(true);
    setFeedback(null);
    try {
      setFeedback({ section, message: await action() });
    } catch (e) {
      setFeedback({ section, refusal: fromTillError(toTillError(e)) });
    }
    setBusy(false);
  };
  const feedbackFor = (section: Section) =>
    feedback?.section === section && (
      <>
        {feedback.message && (
          <p className="tone-good" data-testid="hw-message">
            {feedback.message}
          </p>
        )}
        {feedback.refusal && <RefusalMessage refusal={feedback.refusal} />}
      </>
    );

  const choose = (name: string | null) =>
    run('readers', async () => {
      await till.call('reader.select', { name });
      await useStatus.getState().refresh();
      return name ? t('hardware.readerChosen', { name }) : t('hardware.readerAuto');
    });

  const testPage = () =>
    run('printer', async () => {
      useStatus.getState().setPrinter(await till.call('printer.testPage', {}));
      return t('hardware.testPageSent');
    });

  const readers = status?.readers ?? [];
  const printer = status?.printer;

  return (
    <Modal title={t('hardware.title')} onClose={close}>
      <section className="hw-section" data-testid="hw-readers">
        <h3>{t('hardware.readers')}</h3>
        {readers.length === 0 && <p className="tone-warn">{t('status.readerNone')}</p>}
        <ul className="hw-list">
          {readers.map((r) => (
            <li key={r.name} className="hw-row" data-testid="hw-reader" data-active={r.active ? 'yes' : 'no'}>
              <span className="hw-name mono">{r.name}</span>
              <span className={r.state === 'error' ? 'tone-bad' : 'tone-good'}>{t(`reader.${r.state}`)}</span>
              <span className="badge">{r.simulated ? t('hardware.simulated') : t('hardware.physical')}</span>
              {r.active ? (
                <strong className="tone-good" data-testid="hw-reader-active">
                  {t('hardware.inUse')}
                </strong>
              ) : (
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={busy}
                  onClick={() => void choose(r.name)}
                  data-testid="hw-reader-use"
                >
                  {t('hardware.useThis')}
                </button>
              )}
            </li>
          ))}
        </ul>
        <p className="hint" data-testid="hw-reader-message">
          {status?.readerMessage ? pick(status.readerMessage) : t('hardware.readerFine')}
        </p>
        <p className="hint">
          {t('hardware.managerOnly')}{' '}
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void choose(null)}>
            {t('hardware.auto')}
          </button>
        </p>
        {feedbackFor('readers')}
      </section>

      <section className="hw-section" data-testid="hw-printer">
        <h3>{t('status.printer')}</h3>
        {printer && (
          <p data-testid="hw-printer-state">
            {t(`printer.${printer.state}`)}
            {' · '}
            {t('hardware.pendingJobs', { count: printer.pendingJobs })}
            {printer.message && <span className="hint"> · {pick(printer.message)}</span>}
          </p>
        )}
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={() => void testPage()}
          data-testid="print-test-page"
        >
          {t('hardware.testPage')}
        </button>
        {feedbackFor('printer')}
      </section>

      <section className="hw-section hw-tap" data-testid="hw-test-tap">
        <h3>{t('hardware.testTap')}</h3>
        {tap ? (
          <p className="big-hint" data-testid="hw-tap-result">
            {t('hardware.tapped', { uid: tap.uid, reader: tap.reader })}
          </p>
        ) : (
          <p className="hint">{t('hardware.tapHint')}</p>
        )}
      </section>
    </Modal>
  );
}
