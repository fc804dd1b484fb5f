import { EditOutlined, KeyOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { compareVi, type User } from '@baocao/core';
import { Button, Card, Checkbox, Flex, Input, Modal, Popconfirm, Space, Table, Tag, Typography, App as AntApp } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { errorMessage } from '../../shared/api/problem';
import { comparePersonNames, formatDateTime } from '../../shared/format';
import { ErrorResult } from '../../shared/ui/error-result';
import { UnitTreeSelect } from '../units/unit-tree-select';
import { useResetPassword, useUnlockUser, useUsers } from './api';
import { UserFormModal } from './user-form-modal';

const isLocked = (u: User) => !!u.lockedUntil && new Date(u.lockedUntil).getTime() > Date.now();

/** /nguoi-dung: the accounts in the caller's scope, and what an administrator does with them. */
export function UsersPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const canManage = useCan('user.manage');
  const [unitId, setUnitId] = useState<string>();
  const [includeSubunits, setIncludeSubunits] = useState(true);
  const [q, setQ] = useState('');
  const users = useUsers({ unitId, q, includeSubunits });
  // By unit, then by given name, the way a unit's staff list reads; the column sorters still apply.
  const rows = useMemo(
    () => [...(users.data ?? [])].sort((a, b) => compareVi(a.unitName, b.unitName) || comparePersonNames(a.fullName, b.fullName)),
    [users.data],
  );
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [temporary, setTemporary] = useState<{ username: string; password: string } | null>(null);
  const reset = useResetPassword();
  const unlock = useUnlockUser();

  const onError = (error: unknown) => void message.error(errorMessage(error));

  const statusTags = (u: User) => (
    <Space size={4} orientation="vertical" align="start">
      {u.active ? <Tag color="success">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>}
      {isLocked(u) && <Tag color="error">{t('users.locked', { until: formatDateTime(u.lockedUntil) })}</Tag>}
      {u.mustChangePassword && <Tag color="warning">{t('users.mustChange')}</Tag>}
    </Space>
  );

  // Labelled links rather than icons with tooltips: a tooltip would sit over the confirmation.
  const actions = (u: User) => (
    <Space size={0} wrap={false}>
      <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(u)}>
        {t('users.edit')}
      </Button>
      <Popconfirm
        title={t('users.resetConfirm', { username: u.username })}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        onConfirm={() => reset.mutate(u.id, { onSuccess: (r) => setTemporary({ username: u.username, password: r.temporaryPassword }), onError })}
      >
        <Button type="link" size="small" icon={<KeyOutlined />}>
          {t('users.resetPassword')}
        </Button>
      </Popconfirm>
      {isLocked(u) && (
        <Button
          type="link"
          size="small"
          icon={<UnlockOutlined />}
          onClick={() => unlock.mutate(u.id, { onSuccess: () => void message.success(t('users.unlocked', { username: u.username })), onError })}
        >
          {t('users.unlock')}
        </Button>
      )}
    </Space>
  );

  return (
    <Card
      title={t('users.title')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('users.add')}
          </Button>
        )
      }
    >
      <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
        <UnitTreeSelect allowClear value={unitId} onChange={setUnitId} placeholder={t('users.unitFilter')} style={{ width: 320 }} />
        <Checkbox checked={includeSubunits} disabled={!unitId} onChange={(e) => setIncludeSubunits(e.target.checked)}>
          {t('users.includeSubunits')}
        </Checkbox>
        <Input.Search allowClear placeholder={t('users.searchPlaceholder')} onSearch={setQ} style={{ width: 340 }} enterButton />
      </Flex>
      {users.isError ? (
        <ErrorResult error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <Table<User>
          rowKey="id"
          size="middle"
          loading={users.isFetching}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('users.count', { count: total }) }}
          columns={[
            { title: t('users.username'), dataIndex: 'username', sorter: (a, b) => a.username.localeCompare(b.username), render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
            { title: t('users.fullName'), dataIndex: 'fullName', sorter: (a, b) => comparePersonNames(a.fullName, b.fullName) },
            { title: t('users.email'), dataIndex: 'email', render: (v: string | null) => v ?? t('common.none') },
            { title: t('users.role'), dataIndex: 'role', render: (v: User['role']) => t(`role.${v}`) },
            { title: t('users.unit'), dataIndex: 'unitName', sorter: (a, b) => compareVi(a.unitName, b.unitName) },
            { title: t('common.status'), key: 'status', render: (_v, u) => statusTags(u) },
            ...(canManage ? [{ title: t('common.actions'), key: 'actions', render: (_v: unknown, u: User) => actions(u) }] : []),
          ]}
        />
      )}
      {editing && <UserFormModal user={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
      <Modal
        open={!!temporary}
        title={t('users.resetTitle')}
        onCancel={() => setTemporary(null)}
        footer={<Button type="primary" onClick={() => setTemporary(null)}>{t('common.close')}</Button>}
        destroyOnHidden
      >
        {temporary && (
          <Flex vertical gap={12}>
            <Typography.Paragraph style={{ margin: 0 }}>{t('users.resetText', { username: temporary.username })}</Typography.Paragraph>
            <Typography.Text code copyable={{ tooltips: [t('common.copy'), t('common.copied')] }} style={{ fontSize: 18 }}>
              {temporary.password}
            </Typography.Text>
          </Flex>
        )}
      </Modal>
    </Card>
  );
}
