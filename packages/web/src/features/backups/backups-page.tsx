import type { Backup } from '@baocao/core';
import { Alert, Button, Card, Descriptions, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api/problem';
import { formatDateTime } from '../../shared/format';
import { ErrorResult } from '../../shared/ui/error-result';
import { useBackups, useStartBackup } from './api';

const STATUS_COLOR: Record<Backup['status'], string> = { running: 'processing', succeeded: 'success', failed: 'error' };

/** 1 234 567 bytes as "1,2 MB" (Vietnamese decimal comma). */
function formatSize(bytes: number | null, lang: string): string {
  if (bytes === null) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: i === 0 ? 0 : 1 })} ${units[i]}`;
}

/** Sao lưu (R30): the runs, the schedule and retention, and "back up now". The system administrator. */
export function BackupsPage() {
  const { t, i18n } = useTranslation();
  const backups = useBackups();
  const start = useStartBackup();
  if (backups.isError) return <ErrorResult error={backups.error} onRetry={() => void backups.refetch()} />;
  const data = backups.data;
  const running = !!data?.items.some((b) => b.status === 'running');
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('backups.title')}</Typography.Title>
        <Button type="primary" onClick={() => start.mutate()} loading={start.isPending} disabled={running}>{t('backups.startNow')}</Button>
      </Flex>
      {start.isError && <Alert type="error" showIcon title={errorMessage(start.error)} />}
      {start.isSuccess && running && <Alert type="info" showIcon title={t('backups.started')} />}
      {data && (
        <Card size="small">
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'schedule', label: t('backups.schedule'), children: data.dailyAt ? t('backups.dailyAt', { time: data.dailyAt }) : t('backups.scheduleOff') },
              { key: 'retention', label: t('backups.retention'), children: t('backups.retentionRule', { days: data.retentionDays, keep: data.keepLast }) },
              { key: 'directory', label: t('backups.directory'), children: <Typography.Text code copyable>{data.directory}</Typography.Text> },
              { key: 'encryption', label: t('backups.encryption'), children: data.encryption ? t('backups.encryptionOn') : t('backups.encryptionOff') },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('backups.noDownload')}</Typography.Paragraph>
        </Card>
      )}
      <Table<Backup>
        rowKey="id"
        loading={backups.isLoading}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('backups.empty') }}
        columns={[
          { key: 'startedAt', title: t('backups.startedAt'), render: (_, b) => formatDateTime(b.startedAt) },
          { key: 'trigger', title: t('backups.trigger'), render: (_, b) => t(`backups.triggers.${b.trigger}`) },
          {
            key: 'status',
            title: t('backups.status'),
            render: (_, b) => {
              const tag = <Tag color={STATUS_COLOR[b.status]}>{t(`backups.statuses.${b.status}`)}</Tag>;
              return b.error ? <Tooltip title={b.error}>{tag}</Tooltip> : tag;
            },
          },
          { key: 'file', title: t('backups.file'), render: (_, b) => (b.fileName ? <Typography.Text code>{b.fileName}</Typography.Text> : b.error ? <Typography.Text type="danger">{b.error}</Typography.Text> : '') },
          { key: 'size', title: t('backups.size'), align: 'right', render: (_, b) => formatSize(b.sizeBytes, i18n.language) },
          { key: 'encrypted', title: t('backups.encrypted'), render: (_, b) => (b.encrypted ? t('backups.yes') : t('backups.no')) },
          { key: 'sha256', title: 'SHA-256', render: (_, b) => (b.sha256 ? <Tooltip title={b.sha256}><Typography.Text code>{b.sha256.slice(0, 12)}…</Typography.Text></Tooltip> : '') },
          { key: 'finishedAt', title: t('backups.finishedAt'), render: (_, b) => formatDateTime(b.finishedAt) },
        ]}
      />
    </Flex>
  );
}
