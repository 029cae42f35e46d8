import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleSessionView } from '../../../src/console/session';
import { api } from '../api/client';
import { LanguageButton } from '../components/language-button';
import type { ConsolePage } from '../pages';
import { hrefTo } from '../state/router';
import { useSession } from '../state/session-store';

/** Header (township, account, language, sign-out) and the nav of the pages this role may open. */
export function Shell({
  session,
  pages,
  active,
  children,
}: {
  session: ConsoleSessionView;
  pages: ConsolePage[];
  active: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const townshipId = useSession((s) => s.townshipId);
  const chooseTownship = useSession((s) => s.chooseTownship);
  const signedOut = useSession((s) => s.signedOut);
  const o = session.officer;

  const signOut = async () => {
    await api.post('/sign-out').catch(() => undefined);
    signedOut();
    window.location.hash = '#/sign-in';
  };

  return (
    <div className="shell">
      <header className="topbar">
        <strong className="brand">{t('common.appTitle')}</strong>
        {session.townships.length > 1 ? (
          <label className="township-pick">
            <span>{t('common.township')}</span>
            <select value={townshipId ?? ''} onChange={(e) => chooseTownship(e.target.value)}>
              {session.townships.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="township-name">{session.townships[0]?.name}</span>
        )}
        <span className="spacer" />
        <span className="who">
          {t('common.signedInAs', { name: o.name, role: t(`common.roles.${o.role}`) })}
        </span>
        <LanguageButton />
        <button type="button" onClick={() => void signOut()}>
          {t('common.signOut')}
        </button>
      </header>
      <nav className="sidenav" aria-label="console">
        {pages
          .filter((p) => p.navKey)
          .map((p) => (
            <a key={p.path} href={hrefTo(p.path)} aria-current={p.path === active ? 'page' : undefined}>
              {t(p.navKey!)}
            </a>
          ))}
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
