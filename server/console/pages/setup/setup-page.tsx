import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FirstOfficerRequest, SetupStatusView } from '../../../../src/console/session';
import { api, type ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { LanguageButton } from '../../components/language-button';
import { asApiError, useLoad } from '../../hooks/use-load';
import { hrefTo } from '../../state/router';

/** #/setup/<token>: the one-time first-run page the server's start banner points to. */
export function SetupPage({ params }: { params: string[] }) {
  const { t } = useTranslation();
  const token = params[0] ?? '';
  const status = useLoad(() => api.get<SetupStatusView>('/setup'), 'setup');
  const [form, setForm] = useState({ townshipName: '', name: '', username: '', password: '', again: '' });
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  // An answer about the old values (e.g. a too-short password) must not stand once they change.
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm({ ...form, [k]: e.target.value });
    setError(null);
  };
  const mismatch = form.again.length > 0 && form.again !== form.password;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: FirstOfficerRequest = {
        token,
        townshipName: form.townshipName,
        name: form.name,
        username: form.username,
        password: form.password,
      };
      await api.post('/setup', body);
      setDone(true);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const s = status.data;
  return (
    <main className="narrow">
      <div className="toolbar">
        <h1>{t('common.appTitle')}</h1>
        <span className="spacer" />
        <LanguageButton />
      </div>
      <div className="card">
        <h2>{t('setup.title')}</h2>
        <ErrorBox error={status.error} />
        {s && (
          <dl className="facts">
            <dt>{t('setup.fingerprint')}</dt>
            <dd className="mono" data-testid="fingerprint">
              {s.fingerprint}
            </dd>
            {s.tlsFingerprint && (
              <>
                <dt>{t('setup.tlsFingerprint')}</dt>
                <dd className="mono small">{s.tlsFingerprint}</dd>
              </>
            )}
          </dl>
        )}
        {s && <p className="hint">{t('setup.fingerprintHint')}</p>}
        {done ? (
          <div className="ok-box" role="status">
            <p>{t('setup.done')}</p>
            <a className="button primary" href={hrefTo('sign-in')}>
              {t('setup.goSignIn')}
            </a>
          </div>
        ) : s && !s.needed ? (
          <div className="error-box" role="alert">
            <p>{t('setup.alreadyDone')}</p>
            <a className="button" href={hrefTo('sign-in')}>
              {t('setup.goSignIn')}
            </a>
          </div>
        ) : !token ? (
          <p className="error-box" role="alert">
            {t('setup.noToken')}
          </p>
        ) : (
          <form onSubmit={submit}>
            <p>{t('setup.intro')}</p>
            <Field label={t('setup.townshipName')} value={form.townshipName} onChange={set('townshipName')} />
            <Field label={t('setup.name')} value={form.name} onChange={set('name')} />
            <Field
              label={t('setup.username')}
              value={form.username}
              autoComplete="username"
              onChange={set('username')}
            />
            <Field
              label={t('setup.password')}
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={set('password')}
            />
            <Field
              label={t('setup.passwordAgain')}
              type="password"
              autoComplete="new-password"
              value={form.again}
              onChange={set('again')}
            />
            {mismatch && <p className="error-box">{t('setup.mismatch')}</p>}
            <ErrorBox error={error} />
            <button
              type="submit"
              className="primary"
              disabled={
                busy || mismatch || !form.townshipName || !form.name || !form.username || !form.password
              }
            >
              {busy ? t('setup.working') : t('setup.submit')}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
