import { INDICATOR_SET_STATUSES, type IndicatorSet, type IndicatorSetStatus } from '@baocao/core';
import { Card, Flex, Input, Select, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { formatDateTime } from '../../shared/format';
import { ErrorResult } from '../../shared/ui/error-result';
import { useIndicatorSets } from './api';
import { IndicatorSearch } from './indicator-search';
import { NewSetButton } from './new-set-button';
import { DemoTag, SetStatusTag } from './set-tags';

/** /chi-tieu: the indicator sets, and a search for indicators across them (`?tab=tra-cuu`). */
export function CatalogPage() {
  const { t } = useTranslation();
  const canManage = useCan('indicator.manage');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'tra-cuu' ? 'search' : 'sets';
  return (
    <Card title={t('catalog.title')} extra={canManage && <NewSetButton />}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'search' ? { tab: 'tra-cuu' } : {})}
        items={[
          { key: 'sets', label: t('catalog.setsTab'), children: <SetList /> },
          { key: 'search', label: t('catalog.searchTab'), children: <IndicatorSearch /> },
        ]}
      />
    </Card>
  );
}

function SetList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<IndicatorSetStatus>();
  const list = useIndicatorSets({ q: q.trim() || undefined, status });

  const columns: TableColumnsType<IndicatorSet> = [
    {
      title: t('catalog.setCode'),
      dataIndex: 'code',
      width: 170,
      render: (code: string, r) => (
        <Flex vertical>
          <Link to={`/chi-tieu/${r.id}`}>{code}</Link>
          <Typography.Text type="secondary">{t('catalog.versionNo', { version: r.version })}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('catalog.setName'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Flex vertical>
          <Link to={`/chi-tieu/${r.id}`}>{name}</Link>
          <Typography.Text type="secondary">{r.ownerUnitName ?? t('catalog.sharedLibrary')}</Typography.Text>
        </Flex>
      ),
    },
    { title: t('catalog.legalBasis'), dataIndex: 'legalBasis', width: 220, render: (v: string) => v || t('common.none') },
    {
      title: t('common.status'),
      width: 220,
      render: (_, r) => (
        <Flex gap={4} wrap>
          <SetStatusTag status={r.status} />
          {r.isDemo && <DemoTag />}
        </Flex>
      ),
    },
    { title: t('catalog.indicatorCount'), dataIndex: 'indicatorCount', width: 110, align: 'right' },
    { title: t('catalog.updatedAt'), dataIndex: 'updatedAt', width: 150, render: (v: string) => formatDateTime(v) },
  ];

  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('catalog.setSearch')} onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} style={{ width: 340 }} />
        <Select<IndicatorSetStatus>
          allowClear
          placeholder={t('catalog.anyStatus')}
          value={status}
          onChange={setStatus}
          style={{ width: 200 }}
          options={INDICATOR_SET_STATUSES.map((s) => ({ value: s, label: t(`catalog.status.${s}`) }))}
        />
      </Flex>
      {list.isError ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<IndicatorSet>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data ?? []}
          locale={{ emptyText: t('catalog.noSets') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(r) => ({ onDoubleClick: () => void navigate(`/chi-tieu/${r.id}`) })}
        />
      )}
    </>
  );
}
