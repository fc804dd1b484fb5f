import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../i18n';

/** VI | EN; the choice is remembered in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Segmented<Language>
      size="small"
      aria-label={t('app.language')}
      value={i18n.language === 'en' ? 'en' : 'vi'}
      options={LANGUAGES.map((lng) => ({ value: lng, label: lng.toUpperCase() }))}
      onChange={(lng) => void i18n.changeLanguage(lng)}
    />
  );
}
