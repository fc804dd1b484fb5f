import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { UnitGroup } from '@baocao/core';
import { App, Button, Flex, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { errorMessage } from '../../shared/api/problem';
import { formatDateTime } from '../../shared/format';
import { ErrorResult } from '../../shared/ui/error-result';
import { useDeleteUnitGroup, useUnitGroups } from './api';
import { UnitGroupModal } from './unit-group-modal';

/** The unit groups a regime can target: list, and for managers create, edit, delete. */
export function UnitGroupsTab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const canManage = useCan('unit_group.manage');
  const groups = useUnitGroups();
  const remove = useDeleteUnitGroup();
  // undefined: closed; null: a new group; a group: editing it.
  const [editing, setEditing] = useState<UnitGroup | null>();

  const confirmDelete = (g: UnitGroup) =>
    modal.confirm({
      title: t('regimes.groups.deleteConfirm', { name: g.name }),
      okText: t('regimes.groups.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        remove
          .mutateAsync(g.id)
          .then(() => void message.success(t('regimes.groups.deleted')))
          .catch((error: unknown) => void message.error(errorMessage(error))),
    });

  const columns: TableColumnsType<UnitGroup> = [
    { title: t('regimes.groups.name'), dataIndex: 'name', width: 240 },
    { title: t('regimes.groups.owner'), dataIndex: 'ownerUnitName', width: 200 },
    {
      title: t('regimes.groups.members'),
      render: (_, g) => (
        <Flex vertical>
          <Typography.Text strong>{t('regimes.groups.memberCount', { count: g.members.length })}</Typography.Text>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: g.members.map((m) => m.name).join(', ') }} style={{ marginBottom: 0 }}>
            {g.members.map((m) => m.name).join(', ')}
          </Typography.Paragraph>
        </Flex>
      ),
    },
    { title: t('regimes.groups.updatedAt'), dataIndex: 'updatedAt', width: 160, render: (v: string) => formatDateTime(v) },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            width: 110,
            render: (_: unknown, g: UnitGroup) => (
              <Flex gap={4}>
                <Button size="small" icon={<EditOutlined />} aria-label={`${t('regimes.groups.edit')} ${g.name}`} onClick={() => setEditing(g)} />
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={`${t('regimes.groups.delete')} ${g.name}`} onClick={() => confirmDelete(g)} />
              </Flex>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} gap={8} wrap>
        <Typography.Text type="secondary">{t('regimes.groups.hint')}</Typography.Text>
        {canManage && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {t('regimes.groups.create')}
          </Button>
        )}
      </Flex>
      {groups.isError ? (
        <ErrorResult error={groups.error} onRetry={() => void groups.refetch()} />
      ) : (
        <Table<UnitGroup>
          rowKey="id"
          size="middle"
          loading={groups.isFetching}
          columns={columns}
          dataSource={groups.data ?? []}
          locale={{ emptyText: t('regimes.groups.empty') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
        />
      )}
      {editing !== undefined && <UnitGroupModal group={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}
