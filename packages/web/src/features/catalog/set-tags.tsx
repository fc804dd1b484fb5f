import type { IndicatorSetStatus } from '@baocao/core';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<IndicatorSetStatus, string> = { draft: 'default', official: 'green', retired: 'red' };

/** The set's lifecycle status: Soạn thảo, Chính thức, Ngừng sử dụng. */
export function SetStatusTag({ status }: { status: IndicatorSetStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]}>{t(`catalog.status.${status}`)}</Tag>;
}

/** Marks a bundled sample set, so nobody takes it for an official list. */
export function DemoTag() {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('catalog.demoHint')}>
      <Tag color="gold">{t('catalog.demo')}</Tag>
    </Tooltip>
  );
}
