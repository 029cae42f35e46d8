import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { onSessionLost } from './api/client';
import { Shell } from './layout/shell';
import { PAGES, PUBLIC_PAGES } from './pages';
import { navigate, useRoute } from './state/router';
import { useSession } from './state/session-store';

/** Public pages (setup, sign-in) without a session; the shell and the role's pages with one. */
export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const { status, session, townshipId, load, signedOut } = useSession();

  useEffect(() => {
    onSessionLost((expired) => signedOut(expired ? 'expired' : undefined));
    void load();
  }, [load, signedOut]);

  const open = PUBLIC_PAGES.find((p) => p.path === route.path);
  if (route.path === 'setup' && open) return <open.component params={route.params} />;
  if (status === 'loading') return <p className="hint pad">{t('common.loading')}</p>;
  if (status === 'signed-out' || !session) {
    const signIn = PUBLIC_PAGES.find((p) => p.path === 'sign-in')!;
    return <signIn.component params={[]} />;
  }
  if (!townshipId) {
    return (
      <Shell session={session} pages={[]} active="">
        <p className="notice">{t('common.noTownship')}</p>
      </Shell>
    );
  }
  const pages = PAGES.filter((p) => p.roles.includes(session.officer.role));
  if (!route.path || route.path === 'sign-in') {
    navigate(pages[0]?.path ?? 'dashboard');
    return null;
  }
  const page = pages.find((p) => p.path === route.path);
  return (
    <Shell session={session} pages={pages} active={route.path}>
      {page ? (
        <page.component key={townshipId} session={session} townshipId={townshipId} params={route.params} />
      ) : (
        <p className="error-box">{t('common.notFound')}</p>
      )}
    </Shell>
  );
}
