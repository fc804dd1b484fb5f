import { compareVi, foldVi, type AuditRecord } from '@baocao/core';
import { Button, Card, DatePicker, Flex, Select, Table, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { comparePersonNames, formatDateTime, vnDayBoundary } from '../../shared/format';
import { translateOptional } from '../../shared/i18n';
import { ErrorResult } from '../../shared/ui/error-result';
import { UnitTreeSelect } from '../units/unit-tree-select';
import { useUsers } from '../users/api';
import { useAuditActions, useAuditLog, type AuditFilter } from './api';

/** An action's label when we have one, else its code: new actions show up before their translation. */
const actionLabel = (code: string) => translateOptional(`auditAction.${code}`) ?? code;

const searchable = (input: string, option?: { label?: unknown }) => foldVi(String(option?.label ?? '')).includes(foldVi(input));

/** /nhat-ky: who did what, where and when, filtered, with the record's hash to check the chain. */
export function AuditPage() {
  const { t } = useTranslation();
  const [unitId, setUnitId] = useState<string>();
  const [actorId, setActorId] = useState<string>();
  const [action, setAction] = useState<string>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);

  const filter: AuditFilter = {
    unitId,
    actorId,
    action,
    from: range?.[0] ? vnDayBoundary(range[0].format('YYYY-MM-DD'), false) : undefined,
    to: range?.[1] ? vnDayBoundary(range[1].format('YYYY-MM-DD'), true) : undefined,
  };
  const log = useAuditLog(filter);
  const actions = useAuditActions();
  const users = useUsers();

  const records = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);
  const actionOptions = (actions.data ?? []).map((a) => ({ value: a, label: actionLabel(a) })).sort((a, b) => compareVi(a.label, b.label));
  const userOptions = [...(users.data ?? [])]
    .sort((a, b) => comparePersonNames(a.fullName, b.fullName))
    .map((u) => ({ value: u.id, label: `${u.fullName} (${u.username})` }));

  return (
    <Card title={t('audit.title')}>
      <Flex wrap gap={12} style={{ marginBottom: 16 }}>
        <UnitTreeSelect allowClear includeInactive value={unitId} onChange={setUnitId} placeholder={t('audit.allUnits')} style={{ width: 240 }} />
        <Select
          allowClear
          showSearch={{ filterOption: searchable }}
          value={actorId}
          onChange={setActorId}
          options={userOptions}
          loading={users.isPending}
          placeholder={t('audit.allActors')}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          showSearch={{ filterOption: searchable }}
          value={action}
          onChange={setAction}
          options={actionOptions}
          loading={actions.isPending}
          placeholder={t('audit.allActions')}
          style={{ width: 220 }}
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => setRange(v)}
          format="DD/MM/YYYY"
          placeholder={[t('audit.from'), t('audit.to')]}
          allowEmpty={[true, true]}
        />
      </Flex>
      {log.isError ? (
        <ErrorResult error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <>
          <Table<AuditRecord>
            rowKey="seq"
            size="small"
            loading={log.isPending || (log.isFetching && !log.isFetchingNextPage)}
            dataSource={records}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('audit.time'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
              { title: t('audit.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text> },
              { title: t('audit.unit'), dataIndex: 'unitName', render: (v: string | null) => v ?? t('common.none') },
              {
                title: t('audit.action'),
                dataIndex: 'action',
                render: (v: string) => (
                  <Tooltip title={v}>
                    <span>{actionLabel(v)}</span>
                  </Tooltip>
                ),
              },
              { title: t('audit.target'), key: 'target', render: (_v, r) => <Target record={r} /> },
              { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? t('common.none') },
              {
                title: t('audit.hash'),
                dataIndex: 'hash',
                render: (v: string) => (
                  <Typography.Text code copyable={{ text: v, tooltips: [t('common.copy'), t('common.copied')] }} title={v}>
                    {v.slice(0, 12)}
                  </Typography.Text>
                ),
              },
            ]}
          />
          <Flex justify="space-between" align="center" style={{ marginTop: 16 }}>
            <Typography.Text type="secondary">{t('audit.shown', { count: records.length })}</Typography.Text>
            {log.hasNextPage ? (
              <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            ) : (
              records.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
            )}
          </Flex>
        </>
      )}
    </Card>
  );
}

function Target({ record }: { record: AuditRecord }) {
  const { t } = useTranslation();
  if (!record.targetType) return t('common.none');
  const type = translateOptional(`targetType.${record.targetType}`) ?? record.targetType;
  return (
    <Tooltip title={record.targetId}>
      <span>
        {type}
        {record.targetName ? <Typography.Text> · {record.targetName}</Typography.Text> : record.targetId && <Typography.Text type="secondary"> · {record.targetId.slice(0, 8)}</Typography.Text>}
      </span>
    </Tooltip>
  );
}
