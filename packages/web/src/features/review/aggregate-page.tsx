import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { formatDateTime } from '../../shared/format';
import { useAggregate, useFormState } from './api';
import { AggregateOverview } from './aggregate-overview';
import { ApplyAggregateModal } from './apply-aggregate-modal';
import { gridOf } from './form-values';
import { pageState } from './page-state';

/**
 * /viec-cua-toi/:assignmentId/tong-hop: the aggregating unit's view (R18, R26, R39). Who has sent and
 * who is missing, the rolled-up figures with each unit's share a click away, data quality warnings,
 * and taking the aggregate into the unit's own report.
 */
export function AggregatePage() {
  const { assignmentId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const view = useAggregate(assignmentId);
  const form = useFormState(assignmentId);
  const [applying, setApplying] = useState(false);

  const blocked = pageState(view, form);
  if (blocked || !view.data || !form.data) return blocked;
  const v = view.data;
  const f = form.data;
  const grid = gridOf(f.template.definition);

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Flex align="center" gap={8} wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('review.back')} onClick={() => void navigate(`/viec-cua-toi/${assignmentId}`)} />
            <span>{t('review.aggregate.title', { unit: f.unitName })}</span>
          </Flex>
        }
        extra={
          <Tooltip title={f.editable ? undefined : t('review.apply.notEditable')}>
            <Button type="primary" disabled={!f.editable || !grid} onClick={() => setApplying(true)}>
              {t('review.apply.button')}
            </Button>
          </Tooltip>
        }
      >
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          <Typography.Text strong>{f.template.code}</Typography.Text> — {f.template.name}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          {t('review.round', { round: f.roundLabel })} · {t('review.updatedAt', { time: formatDateTime(new Date(view.dataUpdatedAt).toISOString()) })}
        </Typography.Text>
      </Card>

      <AggregateOverview view={v} grid={grid} missingHint={t('review.aggregate.missingHint')} />

      {applying && <ApplyAggregateModal assignmentId={assignmentId} version={f.version} view={v} onClose={() => setApplying(false)} />}
    </Flex>
  );
}
