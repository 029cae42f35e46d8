import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { LanguageButton } from '../../components/language-button';
import { asApiError } from '../../hooks/use-load';
import { useSession } from '../../state/session-store';

export function SignInPage() {
  const { t } = useTranslation();
  const load = useSession((s) => s.load);
  const notice = useSession((s) => s.notice);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/sign-in', { username, password });
      setPassword('');
      await load();
      if (window.location.hash.startsWith('#/sign-in') || window.location.hash.startsWith('#/setup'))
        window.location.hash = '#/dashboard';
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="narrow">
      <div className="toolbar">
        <h1>{t('common.appTitle')}</h1>
        <span className="spacer" />
        <LanguageButton />
      </div>
      <form className="card" onSubmit={submit}>
        <h2>{t('signIn.title')}</h2>
        {notice === 'expired' && <p className="notice">{t('common.sessionExpired')}</p>}
        <Field
          label={t('signIn.username')}
          value={username}
          autoComplete="username"
          autoFocus
          onChange={(e) => setUsername(e.target.value)}
        />
        <Field
          label={t('signIn.password')}
          type="password"
          value={password}
          autoComplete="current-password"
          onChange={(e) => setPassword(e.target.value)}
        />
        <ErrorBox error={error} />
        <button type="submit" className="primary" disabled={busy || !username || !password}>
          {busy ? t('signIn.working') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
