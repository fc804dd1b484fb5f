import { PlusOutlined } from '@ant-design/icons';
import { RegimeKind, RegimeStatus, formatDateVi, type RegimeSummary } from '@baocao/core';
import { Button, Card, Flex, Input, Select, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { ErrorResult } from '../../shared/ui/error-result';
import { useRegimes } from './api';
import { RegimeKindTag, RegimeStatusTag } from './regime-tags';
import { UnitGroupsTab } from './unit-groups-tab';

/** /che-do-bao-cao: the regimes of the user's subtree, and the unit groups they may target (`?tab=nhom-don-vi`). */
export function RegimesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canManage = useCan('regime.manage');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'nhom-don-vi' ? 'groups' : 'regimes';
  return (
    <Card
      title={t('regimes.title')}
      extra={
        canManage && tab === 'regimes' && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/che-do-bao-cao/moi')}>
            {t('regimes.create')}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'groups' ? { tab: 'nhom-don-vi' } : {})}
        items={[
          { key: 'regimes', label: t('regimes.tabs.regimes'), children: <RegimeList /> },
          { key: 'groups', label: t('regimes.tabs.groups'), children: <UnitGroupsTab /> },
        ]}
      />
    </Card>
  );
}

function RegimeList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<RegimeStatus | undefined>('active');
  const [kind, setKind] = useState<RegimeKind>();
  const list = useRegimes({ q: q.trim() || undefined, status, kind });
  const open = (r: RegimeSummary) => `/che-do-bao-cao/${r.id}`;

  const columns: TableColumnsType<RegimeSummary> = [
    { title: t('regimes.codeShort'), dataIndex: 'code', width: 150, render: (code: string, r) => <Link to={open(r)}>{code}</Link> },
    {
      title: t('regimes.nameAndUnit'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Flex vertical>
          <Link to={open(r)}>{name}</Link>
          <Typography.Text type="secondary">{r.requestingUnitName}</Typography.Text>
        </Flex>
      ),
    },
    { title: t('regimes.kind'), width: 160, render: (_, r) => <RegimeKindTag kind={r.kind} periodicity={r.periodicity} /> },
    {
      title: t('regimes.templates'),
      width: 220,
      render: (_, r) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r.templateNames.join('; ') }} style={{ marginBottom: 0 }}>
          {r.templateNames.join('; ')}
        </Typography.Paragraph>
      ),
    },
    { title: t('regimes.nextDue'), dataIndex: 'nextDueOn', width: 120, render: (v: string | null) => (v ? formatDateVi(v) : t('common.none')) },
    { title: t('regimes.openRounds'), dataIndex: 'openRounds', width: 90, align: 'right' },
    { title: t('common.status'), width: 130, render: (_, r) => <RegimeStatusTag status={r.status} /> },
  ];

  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('regimes.searchPlaceholder')} onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} style={{ width: 320 }} />
        <Select<RegimeStatus>
          allowClear
          placeholder={t('regimes.anyStatus')}
          value={status}
          onChange={setStatus}
          style={{ width: 170 }}
          options={RegimeStatus.options.map((s) => ({ value: s, label: t(`regimes.status.${s}`) }))}
        />
        <Select<RegimeKind>
          allowClear
          placeholder={t('regimes.anyKind')}
          value={kind}
          onChange={setKind}
          style={{ width: 170 }}
          options={RegimeKind.options.map((k) => ({ value: k, label: t(`regimes.kindName.${k}`) }))}
        />
      </Flex>
      {list.isError ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<RegimeSummary>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data ?? []}
          locale={{ emptyText: t('regimes.empty') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(r) => ({ onDoubleClick: () => void navigate(open(r)) })}
        />
      )}
    </>
  );
}
