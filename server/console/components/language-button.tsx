import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from '../i18n/language';

/** 中文 / English, kept per browser. */
export function LanguageButton() {
  const { t } = useTranslation();
  return (
    <button type="button" onClick={() => setLanguage(currentLanguage() === 'en' ? 'zh-CN' : 'en')}>
      {t('common.switchLanguage')}
    </button>
  );
}
