import { CheckCircleOutlined, EditOutlined, PlusOutlined, StopOutlined, SwapOutlined } from '@ant-design/icons';
import type { Unit, UnitHistoryEntry } from '@baocao/core';
import { Button, Card, Descriptions, Empty, Flex, Popconfirm, Skeleton, Space, Table, Tag, Typography, App as AntApp } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { errorMessage } from '../../shared/api/problem';
import { formatDateTime } from '../../shared/format';
import { translateOptional } from '../../shared/i18n';
import { ErrorResult } from '../../shared/ui/error-result';
import { useSetUnitActive, useUnit, useUnitHistory } from './api';
import { KIND_COLORS } from './unit-kind';
import { MoveUnitModal } from './move-unit-modal';
import { UnitFormModal } from './unit-form-modal';

type Dialog = 'create' | 'edit' | 'move' | null;

/** One unit: what it is, what may be done with it, and every version it went through. */
export function UnitDetails({ unitId, onSelect }: { unitId: string; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const canManage = useCan('unit.manage');
  const unit = useUnit(unitId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const setActive = useSetUnitActive();

  if (unit.isPending) return <Card><Skeleton active /></Card>;
  if (unit.isError) return <Card><ErrorResult error={unit.error} onRetry={() => void unit.refetch()} /></Card>;
  const u = unit.data;

  const toggleActive = () =>
    setActive.mutate(
      { id: u.id, active: !u.active },
      {
        onSuccess: () => void message.success(u.active ? t('units.deactivated') : t('units.activated')),
        onError: (error) => void message.error(errorMessage(error)),
      },
    );

  const actions = canManage && (
    <Space wrap>
      <Button type="primary" icon={<PlusOutlined />} disabled={!u.active} onClick={() => setDialog('create')}>
        {t('units.addChild')}
      </Button>
      <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
        {t('units.edit')}
      </Button>
      {u.parentId && (
        <Button icon={<SwapOutlined />} onClick={() => setDialog('move')}>
          {t('units.move')}
        </Button>
      )}
      {u.parentId && (
        <Popconfirm
          title={u.active ? t('units.deactivateConfirm', { name: u.name }) : t('units.activateConfirm', { name: u.name })}
          description={u.active ? t('units.deactivateHint') : undefined}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: u.active }}
          onConfirm={toggleActive}
        >
          <Button danger={u.active} icon={u.active ? <StopOutlined /> : <CheckCircleOutlined />} loading={setActive.isPending}>
            {u.active ? t('units.deactivate') : t('units.activate')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );

  return (
    <Flex vertical gap={16}>
      <Card title={<span>{u.name}</span>} extra={<Tag color={u.active ? 'success' : 'default'}>{u.active ? t('common.active') : t('common.inactive')}</Tag>}>
        <Flex vertical gap={16}>
          <Descriptions
            column={2}
            size="small"
            bordered
            items={[
              { key: 'code', label: t('units.code'), children: <Typography.Text copyable>{u.code}</Typography.Text> },
              { key: 'kind', label: t('units.kind'), children: <Tag color={KIND_COLORS[u.kind]}>{t(`unitKind.${u.kind}`)}</Tag> },
              { key: 'name', label: t('units.name'), children: u.name, span: 'filled' },
              {
                key: 'parent',
                label: t('units.parent'),
                children: u.parentId ? <Typography.Link onClick={() => onSelect(u.parentId!)}>{u.parentName}</Typography.Link> : t('common.none'),
              },
              { key: 'children', label: t('units.childCount'), children: u.childCount },
              { key: 'updated', label: t('units.updatedAt'), children: formatDateTime(u.updatedAt), span: 'filled' },
            ]}
          />
          {actions}
        </Flex>
      </Card>
      <UnitHistory unitId={u.id} />
      {dialog === 'create' && (
        <UnitFormModal
          mode="create"
          parent={u}
          onClose={(created) => {
            setDialog(null);
            if (created) onSelect(created.id);
          }}
        />
      )}
      {dialog === 'edit' && <UnitFormModal mode="edit" unit={u} onClose={() => setDialog(null)} />}
      {dialog === 'move' && <MoveUnitModal unit={u} onClose={() => setDialog(null)} />}
    </Flex>
  );
}

function UnitHistory({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const history = useUnitHistory(unitId);
  return (
    <Card title={t('units.history')} styles={{ body: { padding: 0 } }}>
      {history.isError ? (
        <ErrorResult error={history.error} onRetry={() => void history.refetch()} />
      ) : (
        <Table<UnitHistoryEntry>
          size="small"
          rowKey="version"
          loading={history.isPending}
          dataSource={history.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('units.version'), dataIndex: 'version', width: 90 },
            { title: t('units.changedAt'), dataIndex: 'changedAt', render: (v: string) => formatDateTime(v) },
            { title: t('units.change'), dataIndex: 'change', render: (v: string) => translateOptional(`unitChange.${v}`) ?? v },
            { title: t('units.name'), dataIndex: 'name' },
            { title: t('units.kind'), dataIndex: 'kind', render: (v: Unit['kind']) => t(`unitKind.${v}`) },
            { title: t('units.parent'), dataIndex: 'parentName', render: (v: string | null) => v ?? t('common.none') },
            { title: t('common.status'), dataIndex: 'active', render: (v: boolean) => (v ? t('common.active') : t('common.inactive')) },
            { title: t('units.changedBy'), dataIndex: 'changedBy', render: (v: string | null) => v ?? t('common.none') },
          ]}
        />
      )}
    </Card>
  );
}
