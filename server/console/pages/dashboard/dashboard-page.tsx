import { useTranslation } from 'react-i18next';
import type { PageProps } from '../types';

export function DashboardPage({ session, townshipId }: PageProps) {
  const { t } = useTranslation();
  const township = session.townships.find((x) => x.id === townshipId);
  return (
    <section>
      <h1>{t('dashboard.title', { township: township?.name ?? '' })}</h1>
    </section>
  );
}
