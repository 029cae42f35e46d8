import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EnrolmentQrSchema } from '../../src/sync/setup-file';
import { RefusalMessage } from '../components/refusal-message';
import { pick } from '../i18n';
import { createWedgeListener } from '../scan/wedge';
import { fromTillError } from '../state/refusal';
import { useSetup } from './setup-store';
import './setup-screen.css';

/** The enrolment QR is JSON; a scanner types it as fast keystrokes ending with Enter. */
function parseQr(text: string) {
  try {
    // Whatever the field held before the scan comes first: take the JSON object itself.
    const parsed = EnrolmentQrSchema.safeParse(
      JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Codes and fingerprints read in capitals; a QR's JSON typed into the field stays as it is. */
const upper = (v: string) => (v.includes('{') ? v : v.toUpperCase());

/** First run on an empty data folder: join a township online, or load a setup file. */
export function SetupScreen() {
  const { t } = useTranslation();
  const state = useSetup((s) => s.state);
  const busy = useSetup((s) => s.busy);
  const error = useSetup((s) => s.error);
  const { join, loadFile, refresh, clearError } = useSetup.getState();
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  // The server's TLS certificate SHA-256: only a scanned QR carries it (a typed code has none).
  const [tls, setTls] = useState<string | null>(null);
  const [name, setName] = useState(() => t('setup.defaultName'));
  const [scan, setScan] = useState<'none' | 'ok' | 'bad'>('none');
  const fileInput = useRef<HTMLInputElement>(null);
  const [applyScan] = useState(() => (text: string) => {
    const qr = parseQr(text);
    if (!qr) {
      setScan('bad');
      return;
    }
    // The scanner also typed into the focused field: every field is set from the QR.
    setServerUrl(qr.server);
    setCode(qr.code);
    setFingerprint(qr.fingerprint);
    setTls(qr.tls ?? null);
    setName((n) => (n.includes('{') ? t('setup.defaultName') : n));
    setScan('ok');
    useSetup.getState().clearError();
  });

  useEffect(() => {
    const listener = createWedgeListener({
      chars: 'printable',
      minLength: 20,
      // Keys slowed by a busy PC leave only the QR's tail in the buffer; the focused field has it all.
      onScan: (text) => {
        const field = document.activeElement;
        applyScan(!parseQr(text) && field instanceof HTMLInputElement ? field.value.trim() : text);
      },
    });
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, [applyScan]);

  // Enrolled but the first pull has not come through: keep asking.
  const waiting = state?.phase === 'waiting-for-data';
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => void refresh(), 3000);
    return () => clearInterval(timer);
  }, [waiting, refresh]);

  if (waiting) {
    return (
      <section className="setup" aria-labelledby="setup-title" data-testid="setup-waiting">
        <h1 id="setup-title">{t('setup.waitingTitle')}</h1>
        <p>{t('setup.waitingBody')}</p>
        {state?.message && <p className="warn">{pick(state.message)}</p>}
        <button type="button" className="btn" onClick={() => void refresh()}>
          {t('setup.retry')}
        </button>
      </section>
    );
  }

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    // A scanner slowed down (a busy PC) types the QR into the focused field; its Enter lands here.
    const typed = [serverUrl, code, fingerprint, name].find((v) => v.includes('{'));
    if (typed !== undefined) {
      applyScan(typed.trim());
      return;
    }
    if (!busy)
      void join({ serverUrl: serverUrl.trim(), code: code.trim(), fingerprint, tls, name: name.trim() });
  };
  const onFile = async (e: React.ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) await loadFile(await file.text(), name.trim() || t('setup.defaultName'));
  };

  return (
    <section className="setup" aria-labelledby="setup-title" data-testid="setup-screen">
      <h1 id="setup-title">{t('setup.title')}</h1>
      <p className="hint">{t('setup.intro')}</p>
      {error && <RefusalMessage refusal={fromTillError(error)} onDismiss={clearError} />}
      <div className="setup-choices">
        <form className="setup-card" onSubmit={submit} data-testid="setup-join">
          <h2>{t('setup.joinTitle')}</h2>
          <p className="hint">{t('setup.joinHint')}</p>
          {scan === 'ok' && <p className="setup-scanned">{t('setup.scanned')}</p>}
          {scan === 'bad' && <p className="warn">{t('setup.badQr')}</p>}
          <label className="setup-field">
            <span>{t('setup.server')}</span>
            <input
              name="serverUrl"
              value={serverUrl}
              onChange={(e) => setServerUrl(e.target.value)}
              placeholder="https://192.168.1.10:8470"
              autoFocus
              required
            />
          </label>
          <label className="setup-field">
            <span>{t('setup.code')}</span>
            <input
              name="code"
              className="mono"
              value={code}
              onChange={(e) => setCode(upper(e.target.value))}
              placeholder="ABCD-EFGH-JKLM"
              required
            />
          </label>
          <label className="setup-field">
            <span>{t('setup.fingerprint')}</span>
            <input
              name="fingerprint"
              className="mono"
              value={fingerprint}
              onChange={(e) => setFingerprint(upper(e.target.value))}
              required
            />
            <small>{t('setup.fingerprintHint')}</small>
          </label>
          <label className="setup-field">
            <span>{t('setup.name')}</span>
            <input name="name" value={name} onChange={(e) => setName(e.target.value)} required />
          </label>
          <button
            type="submit"
            className="btn btn-primary btn-block"
            disabled={busy}
            data-testid="setup-enrol"
          >
            {busy ? t('setup.joining') : t('setup.join')}
          </button>
        </form>
        <div className="setup-card" data-testid="setup-file">
          <h2>{t('setup.fileTitle')}</h2>
          <p className="hint">{t('setup.fileHint')}</p>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            className="setup-file-input"
            onChange={(e) => void onFile(e)}
            data-testid="setup-file-input"
          />
          <button
            type="button"
            className="btn btn-block"
            disabled={busy}
            onClick={() => fileInput.current?.click()}
          >
            {busy ? t('setup.loading') : t('setup.chooseFile')}
          </button>
        </div>
      </div>
    </section>
  );
}
