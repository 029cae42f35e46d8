import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrinterSettings, SettingsView } from '../../src/api/settings';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { fromTillError, type Refusal } from '../state/refusal';
import { useStatus } from '../state/status-store';
import { useUi } from '../state/ui-store';
import { Modal } from './modal';

type Kind = PrinterSettings['connection']['type'];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Managers: receipt printer, card reader, and the shop's receipt text and redemption window. */
export function SettingsDialog() {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const readers = useStatus((s) => s.till?.readers ?? []);
  const [view, setView] = useState<SettingsView | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [kind, setKind] = useState<Kind>('tcp');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('9100');
  const [path, setPath] = useState('');
  const [baud, setBaud] = useState('9600');
  const [width, setWidth] = useState<58 | 80>(58);
  const [charset, setCharset] = useState<'GB18030' | 'GBK'>('GB18030');
  const [header, setHeader] = useState('');
  const [footer, setFooter] = useState('');
  const [days, setDays] = useState<number[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  const show = (v: SettingsView) => {
    setView(v);
    const p = v.printer;
    if (p) {
      setKind(p.connection.type);
      if (p.connection.type === 'tcp') {
        setHost(p.connection.host);
        setPort(String(p.connection.port));
      } else setPath(p.connection.path);
      if (p.connection.type === 'serial') setBaud(String(p.connection.baudRate));
      setWidth(p.width);
      setCharset(p.charset);
    }
    setHeader(v.shop.receiptHeader);
    setFooter(v.shop.receiptFooter);
    setDays(v.shop.redemptionWindow?.weekdays ?? []);
    setFrom(v.shop.redemptionWindow?.hours?.from ?? '');
    setTo(v.shop.redemptionWindow?.hours?.to ?? '');
  };

  const run = async (work: () => Promise<string>) => {
    setRefusal(null);
    setMessage(null);
    try {
      setMessage(await work());
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once when the dialog opens
  useEffect(() => {
    void run(async () => {
      show(await till.call('settings.get', {}));
      return '';
    });
  }, []);

  const savePrinter = () =>
    run(async () => {
      const connection: PrinterSettings['connection'] =
        kind === 'tcp'
          ? { type: 'tcp', host, port: Number(port) }
          : kind === 'serial'
            ? { type: 'serial', path, baudRate: Number(baud) }
            : { type: 'device', path };
      show(await till.call('settings.setPrinter', { connection, width, charset }));
      return t('day.settings.saved');
    });
  const testPrint = () =>
    run(async () => {
      useStatus.getState().setPrinter(await till.call('printer.testPage', {}));
      return t('day.settings.testSent');
    });
  const chooseReader = (name: string | null) =>
    run(async () => {
      await till.call('reader.select', { name });
      await useStatus.getState().refresh();
      show(await till.call('settings.get', {}));
      return t('day.settings.saved');
    });
  const saveShop = () =>
    run(async () => {
      const hours = from && to ? { from, to } : undefined;
      const window =
        days.length > 0 || hours
          ? { ...(days.length ? { weekdays: days } : {}), ...(hours ? { hours } : {}) }
          : null;
      show(
        await till.call('settings.setShop', {
          receiptHeader: header,
          receiptFooter: footer,
          redemptionWindow: window,
        }),
      );
      return t('day.settings.saved');
    });

  const locked = view?.townshipSets;
  return (
    <Modal title={t('day.settings.title')} onClose={close}>
      <div className="settings" data-testid="settings-dialog">
        <fieldset>
          <legend>{t('day.settings.printer')}</legend>
          <label>
            {t('day.settings.connection')}
            <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="printer-kind">
              <option value="tcp">{t('day.settings.tcp')}</option>
              <option value="device">{t('day.settings.device')}</option>
              <option value="serial">{t('day.settings.serial')}</option>
            </select>
          </label>
          {kind === 'tcp' ? (
            <>
              <label>
                {t('day.settings.host')}
                <input value={host} onChange={(e) => setHost(e.target.value)} data-testid="printer-host" />
              </label>
              <label>
                {t('day.settings.port')}
                <input
                  value={port}
                  inputMode="numeric"
                  onChange={(e) => setPort(e.target.value)}
                  data-testid="printer-port"
                />
              </label>
            </>
          ) : (
            <label>
              {kind === 'serial' ? t('day.settings.serialPath') : t('day.settings.devicePath')}
              <input value={path} onChange={(e) => setPath(e.target.value)} data-testid="printer-path" />
            </label>
          )}
          {kind === 'serial' && (
            <label>
              {t('day.settings.baud')}
              <input value={baud} inputMode="numeric" onChange={(e) => setBaud(e.target.value)} />
            </label>
          )}
          <label>
            {t('day.settings.width')}
            <select
              value={width}
              onChange={(e) => setWidth(Number(e.target.value) as 58 | 80)}
              data-testid="printer-width"
            >
              <option value={58}>58 mm</option>
              <option value={80}>80 mm</option>
            </select>
          </label>
          <label>
            {t('day.settings.charset')}
            <select
              value={charset}
              onChange={(e) => setCharset(e.target.value as 'GB18030' | 'GBK')}
              data-testid="printer-charset"
            >
              <option value="GB18030">GB18030</option>
              <option value="GBK">GBK</option>
            </select>
          </label>
          <div className="settings-actions">
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void savePrinter()}
              data-testid="printer-save"
            >
              {t('day.settings.save')}
            </button>
            <button type="button" className="btn" onClick={() => void testPrint()} data-testid="printer-test">
              {t('day.settings.testPrint')}
            </button>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('day.settings.reader')}</legend>
          <select
            value={view?.readerPreference ?? ''}
            onChange={(e) => void chooseReader(e.target.value || null)}
            data-testid="reader-preference"
          >
            <option value="">{t('day.settings.readerAuto')}</option>
            {readers.map((r) => (
              <option key={r.name} value={r.name}>
                {r.simulated ? `${r.name} (${t('day.settings.simulated')})` : r.name}
              </option>
            ))}
          </select>
        </fieldset>
        <fieldset>
          <legend>{t('day.settings.shop')}</legend>
          <label>
            {t('day.settings.header')}
            <textarea
              value={header}
              disabled={locked?.receiptHeader}
              onChange={(e) => setHeader(e.target.value)}
              data-testid="shop-header"
            />
          </label>
          <label>
            {t('day.settings.footer')}
            <textarea
              value={footer}
              disabled={locked?.receiptFooter}
              onChange={(e) => setFooter(e.target.value)}
              data-testid="shop-footer"
            />
          </label>
          <div className="settings-days">
            {t('day.settings.window')}
            {WEEKDAYS.map((d) => (
              <label key={d} className="day-check">
                <input
                  type="checkbox"
                  disabled={locked?.redemptionWindow}
                  checked={days.includes(d)}
                  onChange={(e) =>
                    setDays(e.target.checked ? [...days, d].sort() : days.filter((x) => x !== d))
                  }
                />
                {t(`day.settings.weekday.${d}`)}
              </label>
            ))}
          </div>
          <label className="hours-row">
            {t('day.settings.hours')}
            <input
              type="time"
              value={from}
              disabled={locked?.redemptionWindow}
              onChange={(e) => setFrom(e.target.value)}
            />
            –
            <input
              type="time"
              value={to}
              disabled={locked?.redemptionWindow}
              onChange={(e) => setTo(e.target.value)}
            />
          </label>
          {locked && (locked.receiptHeader || locked.receiptFooter || locked.redemptionWindow) && (
            <p className="hint">{t('day.settings.townshipSets')}</p>
          )}
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void saveShop()}
            data-testid="shop-save"
          >
            {t('day.settings.save')}
          </button>
        </fieldset>
        {message && (
          <p className="tone-good" data-testid="settings-message">
            {message}
          </p>
        )}
        {refusal && <RefusalMessage refusal={refusal} />}
      </div>
    </Modal>
  );
}
