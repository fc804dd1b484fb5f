import { FileTextOutlined, PlusOutlined } from '@ant-design/icons';
import { RegimeKind, TEMPLATE_STATUSES, type TemplateQuery, type TemplateStatus, type TemplateSummary } from '@baocao/core';
import { Button, Card, Flex, Input, Select, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { formatDateTime } from '../../shared/format';
import { ErrorResult } from '../../shared/ui/error-result';
import { useTemplates } from './api';
import { TemplateImportButton } from './template-import-button';
import { TemplateStatusTag } from './template-status-tag';

/** /bieu-mau: the unit's templates and the city library, searchable by name, code, status, regime, field. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canManage = useCan('template.manage');
  const [params, setParams] = useSearchParams();
  const scope = params.get('scope') === 'library' ? 'library' : 'mine';
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<TemplateStatus>();
  const [regimeKind, setRegimeKind] = useState<RegimeKind>();
  const [fieldGroup, setFieldGroup] = useState('');
  const query: TemplateQuery = { scope, q: q.trim() || undefined, status, regimeKind, fieldGroup: fieldGroup.trim() || undefined };
  const list = useTemplates(query);

  const columns: TableColumnsType<TemplateSummary> = [
    {
      title: t('templates.code'),
      dataIndex: 'code',
      width: 160,
      render: (code: string, r) => (
        <Flex vertical>
          <Link to={`/bieu-mau/${r.id}`}>{code}</Link>
          <Typography.Text type="secondary">{t('templates.versionNo', { version: r.version })}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('templates.name'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Flex vertical>
          <Link to={`/bieu-mau/${r.id}`}>{name}</Link>
          <Typography.Text type="secondary">{[t(`templates.kindName.${r.kind}`), r.fieldGroup].filter(Boolean).join(' · ')}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('templates.regimeKind'),
      width: 150,
      render: (_, r) =>
        [t(`templates.regime.${r.regimeKind}`), ...r.periodicities.map((p) => t(`templates.periodicity.${p}`))].join(' · '),
    },
    {
      title: t('common.status'),
      width: 160,
      render: (_, r) => (
        <Flex gap={4} wrap>
          <TemplateStatusTag status={r.status} />
          {r.shared && <Tag color="blue">{t('templates.shared')}</Tag>}
        </Flex>
      ),
    },
    { title: t('templates.requestingUnit'), dataIndex: 'requestingUnitName', width: 180 },
    { title: t('templates.updatedAt'), dataIndex: 'updatedAt', width: 140, render: (v: string) => formatDateTime(v) },
  ];

  return (
    <Card
      title={t('templates.title')}
      extra={
        canManage && (
          <Flex gap={8}>
            <TemplateImportButton />
            <Button icon={<FileTextOutlined />} onClick={() => void navigate('/bieu-mau/moi?loai=de-cuong')}>
              {t('templates.newNarrative')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/bieu-mau/moi')}>
              {t('templates.newNumeric')}
            </Button>
          </Flex>
        )
      }
    >
      <Tabs
        activeKey={scope}
        onChange={(key) => setParams(key === 'library' ? { scope: 'library' } : {})}
        items={[
          { key: 'mine', label: t('templates.mine') },
          { key: 'library', label: t('templates.library') },
        ]}
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('templates.searchPlaceholder')} onSearch={setQ} onChange={(e) => !e.target.value && setQ('')} style={{ width: 320 }} />
        <Select<TemplateStatus>
          allowClear
          placeholder={t('templates.anyStatus')}
          value={status}
          onChange={setStatus}
          style={{ width: 170 }}
          options={TEMPLATE_STATUSES.map((s) => ({ value: s, label: t(`templates.status.${s}`) }))}
        />
        <Select<RegimeKind>
          allowClear
          placeholder={t('templates.anyRegime')}
          value={regimeKind}
          onChange={setRegimeKind}
          style={{ width: 170 }}
          options={RegimeKind.options.map((k) => ({ value: k, label: t(`templates.regime.${k}`) }))}
        />
        <Input allowClear placeholder={t('templates.fieldGroupFilter')} value={fieldGroup} onChange={(e) => setFieldGroup(e.target.value)} style={{ width: 200 }} />
      </Flex>
      {list.isError ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<TemplateSummary>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data ?? []}
          locale={{ emptyText: t('templates.empty') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(r) => ({ onDoubleClick: () => void navigate(`/bieu-mau/${r.id}`) })}
        />
      )}
    </Card>
  );
}
