import { MergeCellsOutlined } from '@ant-design/icons';
import type { AssignmentDetail } from '@baocao/core';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/** "Tổng hợp" on an assignment passed on to subordinate units: their figures rolled up (R26). Nothing without delegations. */
export function AggregateButton({ a }: { a: AssignmentDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (!a.delegations.some((d) => d.status !== 'withdrawn')) return null;
  return (
    <Button type="primary" icon={<MergeCellsOutlined />} onClick={() => void navigate(`/viec-cua-toi/${a.id}/tong-hop`)}>
      {t('review.aggregate.button')}
    </Button>
  );
}
