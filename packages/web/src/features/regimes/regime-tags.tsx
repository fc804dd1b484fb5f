import type { Periodicity, RegimeKind, RegimeStatus } from '@baocao/core';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const KIND_COLORS: Record<RegimeKind, string> = { periodic: 'blue', thematic: 'purple', ad_hoc: 'orange' };

/** "Định kỳ · Hằng tháng", "Chuyên đề", "Đột xuất". */
export function RegimeKindTag({ kind, periodicity }: { kind: RegimeKind; periodicity?: Periodicity | null }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[kind]}>
      {t(`regimes.kindName.${kind}`)}
      {kind === 'periodic' && periodicity ? ` · ${t(`regimes.periodicity.${periodicity}`)}` : ''}
    </Tag>
  );
}

export function RegimeStatusTag({ status }: { status: RegimeStatus }) {
  const { t } = useTranslation();
  return <Tag color={status === 'active' ? 'green' : 'default'}>{t(`regimes.status.${status}`)}</Tag>;
}
