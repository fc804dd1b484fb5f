import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import type { Indicator } from '@baocao/core';
import { Alert, Button, Card, Checkbox, Descriptions, Flex, Segmented, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useCan } from '../../app/session';
import { formatDateTime } from '../../shared/format';
import { ErrorResult } from '../../shared/ui/error-result';
import { useIndicators, useIndicatorSet } from './api';
import { IndicatorDrawer } from './indicator-drawer';
import { IndicatorFormModal } from './indicator-form-modal';
import { IndicatorManageButtons } from './indicator-manage-buttons';
import { SetActions } from './set-actions';
import { SetImportButton } from './set-import-button';
import { DemoTag, SetStatusTag } from './set-tags';

type Node = Indicator & { children?: Node[] };

/** Parent/child tree of a set's indicators, in the set's order; an orphan (parent filtered out) stays at the top. */
function toTree(list: Indicator[]): Node[] {
  const byId = new Map<string, Node>(list.map((i) => [i.id, { ...i }]));
  const roots: Node[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** /chi-tieu/:setId: one version of a set, its other versions, its indicators; changes for managers on a draft. */
export function SetPage() {
  const { t } = useTranslation();
  const { setId } = useParams();
  const navigate = useNavigate();
  const canManage = useCan('indicator.manage');
  const [includeInactive, setIncludeInactive] = useState(false);
  const [shownId, setShownId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Indicator | 'new' | null>(null);
  const set = useIndicatorSet(setId);
  const indicators = useIndicators({ setId, includeInactive: includeInactive ? 'true' : undefined }, !!setId);
  const tree = useMemo(() => toTree(indicators.data ?? []), [indicators.data]);

  if (set.isError) return <ErrorResult error={set.error} onRetry={() => void set.refetch()} />;
  if (!set.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const s = set.data;
  const editable = canManage && s.status === 'draft';
  const shown = indicators.data?.find((i) => i.id === shownId) ?? null;

  const columns: TableColumnsType<Node> = [
    { title: t('catalog.code'), dataIndex: 'code', width: 200 },
    {
      title: t('catalog.name'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Flex gap={6} align="center">
          <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setShownId(r.id)}>
            {name}
          </Button>
          {!r.active && <Tag>{t('catalog.inactive')}</Tag>}
        </Flex>
      ),
    },
    { title: t('catalog.unitOfMeasure'), dataIndex: 'unitOfMeasure', width: 170, render: (v: string | null) => v ?? t('common.none') },
    { title: t('catalog.fieldGroup'), dataIndex: 'fieldGroup', width: 190, render: (v: string | null) => v ?? t('common.none') },
    { title: t('catalog.periodicityLabel'), width: 220, render: (_, r) => r.periodicity.map((p) => t(`catalog.periodicity.${p}`)).join(', ') },
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Flex gap={8} align="center" wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('catalog.backToList')} onClick={() => void navigate('/chi-tieu')} />
            <Typography.Text strong style={{ fontSize: 16 }}>
              {s.code} — {s.name}
            </Typography.Text>
            <SetStatusTag status={s.status} />
            {s.isDemo && <DemoTag />}
          </Flex>
        }
        extra={<SetActions set={s} canManage={canManage} />}
      >
        {s.isDemo && <Alert type="warning" showIcon title={t('catalog.demoHint')} style={{ marginBottom: 12 }} />}
        <Descriptions column={{ xs: 1, lg: 2 }} size="small">
          <Descriptions.Item label={t('catalog.legalBasis')}>{s.legalBasis || t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.owner')}>{s.ownerUnitName ?? t('catalog.sharedLibrary')}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.publishedAt')}>{s.publishedAt ? formatDateTime(s.publishedAt) : t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('catalog.indicatorCount')}>{s.indicatorCount}</Descriptions.Item>
          {s.description && <Descriptions.Item label={t('catalog.description')} span={2}>{s.description}</Descriptions.Item>}
          <Descriptions.Item label={t('catalog.versions')} span={2}>
            <Segmented<string>
              value={s.id}
              onChange={(id) => void navigate(`/chi-tieu/${id}`)}
              options={s.versions.map((v) => ({ value: v.id, label: `${t('catalog.versionNo', { version: v.version })} · ${t(`catalog.status.${v.status}`)}` }))}
            />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        title={t('catalog.indicators')}
        extra={
          <Flex gap={8} align="center" wrap>
            <Checkbox checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)}>
              {t('catalog.showInactive')}
            </Checkbox>
            {editable && <SetImportButton setId={s.id} />}
            {editable && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                {t('catalog.addIndicator')}
              </Button>
            )}
          </Flex>
        }
      >
        {indicators.isError ? (
          <ErrorResult error={indicators.error} onRetry={() => void indicators.refetch()} />
        ) : (
          <Table<Node>
            key={`${s.id}-${indicators.data?.length ?? 0}`}
            rowKey="id"
            size="middle"
            loading={indicators.isFetching}
            columns={columns}
            dataSource={tree}
            expandable={{ defaultExpandAllRows: true }}
            locale={{ emptyText: t('catalog.noIndicators') }}
            pagination={false}
            onRow={(r) => ({ onDoubleClick: () => setShownId(r.id) })}
          />
        )}
      </Card>
      <IndicatorDrawer
        indicator={shown}
        onClose={() => setShownId(null)}
        extra={editable && shown && <IndicatorManageButtons indicator={shown} onEdit={() => setEditing(shown)} />}
      />
      {editing && (
        <IndicatorFormModal
          open
          setId={s.id}
          indicator={editing === 'new' ? undefined : editing}
          siblings={indicators.data ?? []}
          onClose={() => setEditing(null)}
        />
      )}
    </Flex>
  );
}
