import { useTranslation } from 'react-i18next';
import { currentLanguage, pick, setLanguage } from '../i18n';
import { STOPPED_AFTER_MS, useServiceHealth } from '../state/service-health';
import { useSession } from '../state/session-store';
import { useStatus } from '../state/status-store';
import { useUi } from '../state/ui-store';
import { StatusDot } from './status-dot';
import './service-health.css';

/**
 * Top bar: shop, demo label, clerk, and the health of reader, printer and sync. While the
 * till service does not answer, it says so in plain words with what to do, and shows the
 * reader, printer and sync as unknown: what they said before the service went is stale.
 */
export function StatusBar() {
  const { t } = useTranslation();
  const status = useStatus((s) => s.till);
  const health = useServiceHealth();
  const down = health.service === 'down';
  const stopped = down && health.now - (health.downSince ?? health.now) >= STOPPED_AFTER_MS;
  const clerk = useSession((s) => s.clerk);
  const shift = useSession((s) => s.shift);
  const openDialog = useUi((s) => s.open);

  const readers = status?.readers ?? [];
  const working = readers.filter((r) => r.state !== 'error');
  const readerOk = working.length > 0;
  // Name the reader whose taps count; a count of readers says nothing when one is idle or simulated.
  const inUse = working.find((r) => r.active) ?? working.find((r) => !r.simulated) ?? working[0];
  const inUseName = inUse ? (inUse.simulated ? t('day.reader.simulated') : inUse.name) : '';
  const printer = status?.printer;
  const sync = status?.sync;

  const unknown = t('status.unknown');
  return (
    <>
      <header className="status-bar">
        <div className="status-shop">
          <strong data-testid="status-shop">{status?.shopName ?? t('app.title')}</strong>
          {status?.demo && <span className="badge badge-demo">{t('status.demo')}</span>}
        </div>
        {status?.clockWarning && (
          <span className="badge badge-bad" data-testid="clock-warning" title={pick(status.clockWarning)}>
            {t('status.clockWrong')}
          </span>
        )}
        <div className="status-items">
          <StatusDot
            testId="status-reader"
            tone={down ? 'unknown' : readerOk ? 'good' : 'bad'}
            label={t('status.reader')}
            value={
              down ? unknown : readerOk ? t('day.reader.inUse', { name: inUseName }) : t('status.readerNone')
            }
            title={
              status?.readerMessage
                ? pick(status.readerMessage)
                : readers.map((r) => `${r.name}${r.active ? ' ✓' : ''}`).join('\n')
            }
          />
          {printer && (
            <StatusDot
              testId="status-printer"
              tone={
                down ? 'unknown' : printer.state === 'ready' || printer.state === 'printing' ? 'good' : 'warn'
              }
              label={t('status.printer')}
              value={
                down
                  ? unknown
                  : t(`printer.${printer.state}`) +
                    (printer.pendingJobs > 0
                      ? ` · ${t('status.pending', { count: printer.pendingJobs })}`
                      : '')
              }
              title={printer.message ? pick(printer.message) : undefined}
            />
          )}
          {sync && (
            <StatusDot
              testId="status-sync"
              tone={down ? 'unknown' : sync.state === 'idle' || sync.state === 'syncing' ? 'good' : 'warn'}
              label={t('status.sync')}
              value={down ? unknown : t(`sync.${sync.state}`)}
              title={[
                sync.message ? pick(sync.message) : '',
                sync.pendingEntries > 0 ? t('status.pending', { count: sync.pendingEntries }) : '',
              ]
                .filter(Boolean)
                .join(' · ')}
            />
          )}
        </div>
        <div className="status-actions">
          {clerk && (
            <span className="status-clerk" data-testid="status-clerk" title={t(`role.${clerk.role}`)}>
              {clerk.name}
            </span>
          )}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setLanguage(currentLanguage() === 'en' ? 'zh-CN' : 'en')}
          >
            {t('status.switchLanguage')}
          </button>
          {clerk && shift && !shift.closedAt && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => openDialog('menu')}
              data-testid="open-menu"
            >
              {t('menu.open')}
            </button>
          )}
        </div>
      </header>
      {down && (
        <div className="service-down" role="alert" data-testid="service-down">
          <strong>{t(stopped ? 'status.serviceStoppedTitle' : 'status.serviceRestartingTitle')}</strong>
          <span>{t(stopped ? 'status.serviceStoppedDo' : 'status.serviceRestartingDo')}</span>
        </div>
      )}
    </>
  );
}
