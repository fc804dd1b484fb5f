import type { TemplateStatus } from '@baocao/core';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<TemplateStatus, string> = { draft: 'default', testing: 'orange', official: 'green', retired: 'red' };

/** The lifecycle status in Vietnamese: Soạn thảo, Thử nghiệm, Chính thức, Ngừng sử dụng. */
export function TemplateStatusTag({ status }: { status: TemplateStatus }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[status]}>{t(`templates.status.${status}`)}</Tag>;
}
