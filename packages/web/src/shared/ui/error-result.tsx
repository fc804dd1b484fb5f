import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../api/problem';

type Props = { error?: unknown; forbidden?: boolean; notFound?: boolean; onRetry?: () => void };

/** A whole-page refusal or failure, with a way out. */
export function ErrorResult({ error, forbidden, notFound, onRetry }: Props) {
  const { t } = useTranslation();
  if (forbidden || notFound) {
    return (
      <Result
        status={forbidden ? '403' : '404'}
        title={forbidden ? '403' : '404'}
        subTitle={forbidden ? t('app.forbidden') : t('app.notFound')}
        extra={<Link to="/">{t('app.backHome')}</Link>}
      />
    );
  }
  return (
    <Result
      status="error"
      subTitle={errorMessage(error)}
      extra={onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}
