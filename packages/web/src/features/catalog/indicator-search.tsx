import { PERIODICITIES, type Indicator, type Periodicity } from '@baocao/core';
import { Alert, Button, Flex, Input, Select, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorResult } from '../../shared/ui/error-result';
import { useFieldGroups, useIndicators, useIndicatorSets } from './api';
import { IndicatorDrawer } from './indicator-drawer';
import { DemoTag } from './set-tags';

const LIMIT = 500;

/** Indicators of every set in use, searched without diacritics, filtered by field group and periodicity. */
export function IndicatorSearch() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [fieldGroupId, setFieldGroupId] = useState<string>();
  const [periodicity, setPeriodicity] = useState<Periodicity>();
  const [shown, setShown] = useState<Indicator | null>(null);
  const fieldGroups = useFieldGroups();
  const list = useIndicators({ q: q.trim() || undefined, fieldGroupId, periodicity });
  // Indicators do not carry their set's demo flag: the (short) list of sets in use does.
  const sets = useIndicatorSets({});
  const demoSetIds = useMemo(() => new Set((sets.data ?? []).filter((s) => s.isDemo).map((s) => s.id)), [sets.data]);

  const columns: TableColumnsType<Indicator> = [
    { title: t('catalog.code'), dataIndex: 'code', width: 130 },
    {
      title: t('catalog.name'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setShown(r)}>
          {name}
        </Button>
      ),
    },
    { title: t('catalog.unitOfMeasure'), dataIndex: 'unitOfMeasure', width: 150, render: (v: string | null) => v ?? t('common.none') },
    { title: t('catalog.fieldGroup'), dataIndex: 'fieldGroup', width: 190, render: (v: string | null) => v ?? t('common.none') },
    {
      title: t('catalog.periodicityLabel'),
      width: 200,
      render: (_, r) => r.periodicity.map((p) => t(`catalog.periodicity.${p}`)).join(', '),
    },
    {
      title: t('catalog.set'),
      width: 210,
      render: (_, r) => (
        <Flex vertical align="start" gap={2}>
          <Link to={`/chi-tieu/${r.setId}`}>
            {r.setCode} · {t('catalog.versionNo', { version: r.setVersion })}
          </Link>
          {demoSetIds.has(r.setId) && <DemoTag />}
        </Flex>
      ),
    },
  ];

  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          aria-label={t('catalog.indicatorSearch')}
          placeholder={t('catalog.indicatorSearch')}
          onSearch={setQ}
          onChange={(e) => !e.target.value && setQ('')}
          style={{ width: 440 }}
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('catalog.anyFieldGroup')}
          value={fieldGroupId}
          onChange={setFieldGroupId}
          loading={fieldGroups.isPending}
          style={{ width: 240 }}
          options={(fieldGroups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
        />
        <Select<Periodicity>
          allowClear
          placeholder={t('catalog.anyPeriodicity')}
          value={periodicity}
          onChange={setPeriodicity}
          style={{ width: 180 }}
          options={PERIODICITIES.map((p) => ({ value: p, label: t(`catalog.periodicity.${p}`) }))}
        />
      </Flex>
      {(list.data?.length ?? 0) >= LIMIT && <Alert type="info" showIcon title={t('catalog.searchLimit')} style={{ marginBottom: 12 }} />}
      {list.isError ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Indicator>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data ?? []}
          locale={{ emptyText: t('catalog.noIndicators') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          onRow={(r) => ({ onDoubleClick: () => setShown(r) })}
        />
      )}
      <IndicatorDrawer indicator={shown} onClose={() => setShown(null)} showSet />
    </>
  );
}
