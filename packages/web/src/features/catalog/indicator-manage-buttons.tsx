import type { Indicator } from '@baocao/core';
import { App, Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api/problem';
import { useUpdateIndicator } from './api';

/** Edit, deactivate or reactivate an indicator of a draft set (nothing is ever deleted). */
export function IndicatorManageButtons({ indicator, onEdit }: { indicator: Indicator; onEdit: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateIndicator();
  const toggle = () =>
    update.mutate(
      { id: indicator.id, active: !indicator.active },
      { onSuccess: () => void message.success(t('catalog.indicatorSaved')), onError: (error) => void message.error(errorMessage(error)) },
    );
  return (
    <Flex gap={8}>
      <Button onClick={onEdit}>{t('catalog.editIndicator')}</Button>
      <Button danger={indicator.active} loading={update.isPending} onClick={toggle}>
        {indicator.active ? t('catalog.deactivate') : t('catalog.activate')}
      </Button>
    </Flex>
  );
}
