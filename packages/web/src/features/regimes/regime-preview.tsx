import { formatDateVi, type CreateRegimeInput } from '@baocao/core';
import { Alert, Card, Empty, Flex, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/client';
import { errorMessage } from '../../shared/api/problem';
import { KIND_COLORS } from '../units/unit-kind';
import { useRegimePreview } from './api';
import { windowText } from './regime-rules';

/**
 * What the regime being designed would do, as the server computes it: its next rounds (cutoff window
 * and due date) and the units it reaches today, or the reason it would be refused.
 */
export function RegimePreviewPanel({ input }: { input: CreateRegimeInput | null }) {
  const { t } = useTranslation();
  const preview = useRegimePreview(input);

  let body: React.ReactNode;
  if (input === null) {
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('regimes.preview.incomplete')} />;
  } else if (preview.isError) {
    const details = preview.error instanceof ApiError ? (preview.error.problem.errors ?? []) : [];
    body = (
      <Alert
        type="warning"
        showIcon
        title={t('regimes.preview.refused')}
        description={
          <Flex vertical gap={4}>
            <span>{errorMessage(preview.error)}</span>
            {details.map((e) => (
              <Typography.Text key={`${e.path}:${e.message}`} type="secondary">
                {e.message}
              </Typography.Text>
            ))}
          </Flex>
        }
      />
    );
  } else if (!preview.data) {
    body = (
      <Flex justify="center" style={{ padding: 24 }}>
        <Spin />
      </Flex>
    );
  } else {
    const { rounds, targetUnits } = preview.data;
    body = (
      <Flex vertical gap={16} data-testid="regime-preview" style={{ opacity: preview.isPlaceholderData ? 0.6 : 1 }}>
        <div>
          <Typography.Title level={5}>{t('regimes.preview.rounds')}</Typography.Title>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={rounds}
            locale={{ emptyText: t('regimes.preview.noRounds') }}
            columns={[
              { title: t('regimes.round'), dataIndex: 'label' },
              { title: t('regimes.cutoffWindow'), render: (_, r) => windowText(r.cutoffFrom, r.cutoffTo) },
              {
                title: t('regimes.dueOn'),
                render: (_, r) =>
                  r.clamped ? (
                    <Tooltip title={t('regimes.preview.clamped')}>
                      <Typography.Text type="warning">{formatDateVi(r.dueOn)} *</Typography.Text>
                    </Tooltip>
                  ) : (
                    formatDateVi(r.dueOn)
                  ),
              },
            ]}
          />
        </div>
        <div>
          <Typography.Title level={5}>{t('regimes.preview.units', { count: targetUnits.length })}</Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={targetUnits}
            scroll={targetUnits.length > 10 ? { y: 320 } : undefined}
            locale={{ emptyText: t('regimes.preview.noUnits') }}
            columns={[
              { title: t('regimes.unit'), render: (_, u) => u.name },
              { title: t('regimes.unitCode'), dataIndex: 'code', width: 90 },
              { title: t('regimes.unitKind'), width: 130, render: (_, u) => <Tag color={KIND_COLORS[u.kind]}>{t(`unitKind.${u.kind}`)}</Tag> },
            ]}
          />
        </div>
      </Flex>
    );
  }

  return (
    <Card size="small" title={t('regimes.preview.title')} extra={preview.isFetching && <Spin size="small" />} style={{ position: 'sticky', top: 16 }}>
      {body}
    </Card>
  );
}
