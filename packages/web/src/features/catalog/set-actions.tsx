import { DownloadOutlined } from '@ant-design/icons';
import type { FileFormat, IndicatorSetDetail } from '@baocao/core';
import { App, Button, Dropdown, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../shared/api/problem';
import { indicatorSetExportUrl, useTransitionIndicatorSet, type SetTransition } from './api';

/** Export links for everyone; publish, retire and new version (each confirmed) for managers. */
export function SetActions({ set, canManage }: { set: IndicatorSetDetail; canManage: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const transition = useTransitionIndicatorSet();

  const confirm = (action: SetTransition) => {
    const text = {
      publish: { title: t('catalog.publish'), content: t('catalog.publishConfirm'), done: t('catalog.published') },
      retire: { title: t('catalog.retire'), content: t('catalog.retireConfirm'), done: t('catalog.retired') },
      'new-version': { title: t('catalog.newVersion'), content: t('catalog.newVersionConfirm'), done: t('catalog.versionCreated') },
    }[action];
    modal.confirm({
      title: text.title,
      content: text.content,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: action === 'retire' },
      onOk: () =>
        transition
          .mutateAsync({ id: set.id, action })
          .then((saved) => {
            void message.success(text.done);
            if (saved.id !== set.id) void navigate(`/chi-tieu/${saved.id}`);
          })
          .catch((error: unknown) => void message.error(errorMessage(error))),
    });
  };

  const exportItems = (['xlsx', 'csv'] as const).map((format: FileFormat) => ({
    key: format,
    label: (
      <a href={indicatorSetExportUrl(set.id, format)} download>
        {t(format === 'csv' ? 'catalog.exportCsv' : 'catalog.exportXlsx')}
      </a>
    ),
  }));

  return (
    <Flex gap={8} wrap>
      <Dropdown menu={{ items: exportItems }} trigger={['click']}>
        <Button icon={<DownloadOutlined />}>{t('catalog.export')}</Button>
      </Dropdown>
      {canManage && set.status !== 'draft' && <Button onClick={() => confirm('new-version')}>{t('catalog.newVersion')}</Button>}
      {canManage && set.status !== 'retired' && (
        <Button danger onClick={() => confirm('retire')}>
          {t('catalog.retire')}
        </Button>
      )}
      {canManage && set.status === 'draft' && (
        <Button type="primary" onClick={() => confirm('publish')}>
          {t('catalog.publish')}
        </Button>
      )}
    </Flex>
  );
}
