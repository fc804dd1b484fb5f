import { DeleteOutlined, EditOutlined, PushpinOutlined, ShareAltOutlined } from '@ant-design/icons';
import type { SavedView } from '@baocao/core';
import { App, Button, Flex, Form, Input, Modal, Popconfirm, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../shared/api/problem';
import { useDeleteView, useSavedViews, useUpdateView } from './api';

/** The user's saved views and those shared in the unit: open, pin, share, rename, delete (the owner's only). */
export function SavedViewsTable() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const views = useSavedViews();
  const update = useUpdateView();
  const remove = useDeleteView();
  const [renaming, setRenaming] = useState<SavedView | null>(null);
  const [form] = Form.useForm<{ name: string }>();

  const change = async (fn: () => Promise<unknown>, done?: string) => {
    try {
      await fn();
      if (done) void message.success(done);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <>
      <Table<SavedView>
        size="small"
        rowKey="id"
        loading={views.isPending}
        dataSource={views.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('dashboards.savedEmpty') }}
        data-testid="saved-views"
        columns={[
          {
            title: t('dashboards.columns.name'),
            dataIndex: 'name',
            render: (name: string, v) => (v.pageQuery ? <Link to={`/khai-thac?${v.pageQuery}`}>{name}</Link> : name),
          },
          { title: t('dashboards.columns.owner'), dataIndex: 'ownerName', responsive: ['md'] },
          {
            title: t('dashboards.columns.shown'),
            key: 'shown',
            render: (_, v) => (
              <Flex gap={4} wrap>
                <Tag color={v.kind === 'dashboard' ? 'blue' : 'default'}>{t(v.kind === 'dashboard' ? 'dashboards.pinned' : 'dashboards.notPinned')}</Tag>
                <Tag color={v.sharedWithUnit ? 'green' : 'default'}>{t(v.sharedWithUnit ? 'dashboards.shared' : 'dashboards.private')}</Tag>
              </Flex>
            ),
          },
          {
            title: t('dashboards.columns.actions'),
            key: 'actions',
            width: 200,
            render: (_, v) =>
              v.mine && (
                <Flex gap={4}>
                  <Tooltip title={t(v.kind === 'dashboard' ? 'dashboards.unpin' : 'dashboards.pin')}>
                    <Button size="small" type={v.kind === 'dashboard' ? 'primary' : 'default'} icon={<PushpinOutlined />} aria-label={t(v.kind === 'dashboard' ? 'dashboards.unpin' : 'dashboards.pin')}
                      onClick={() => void change(() => update.mutateAsync({ id: v.id, kind: v.kind === 'dashboard' ? 'analytics' : 'dashboard' }))} />
                  </Tooltip>
                  <Tooltip title={t(v.sharedWithUnit ? 'dashboards.unshare' : 'dashboards.share')}>
                    <Button size="small" type={v.sharedWithUnit ? 'primary' : 'default'} icon={<ShareAltOutlined />} aria-label={t(v.sharedWithUnit ? 'dashboards.unshare' : 'dashboards.share')}
                      onClick={() => void change(() => update.mutateAsync({ id: v.id, sharedWithUnit: !v.sharedWithUnit }))} />
                  </Tooltip>
                  <Tooltip title={t('dashboards.rename')}>
                    <Button size="small" icon={<EditOutlined />} aria-label={t('dashboards.rename')} onClick={() => setRenaming(v)} />
                  </Tooltip>
                  <Popconfirm title={t('dashboards.deleteConfirm', { name: v.name })} okText={t('dashboards.delete')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }}
                    onConfirm={() => change(() => remove.mutateAsync(v.id), t('dashboards.deleted'))}>
                    <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('dashboards.delete')} />
                  </Popconfirm>
                </Flex>
              ),
          },
        ]}
      />
      <Modal
        open={renaming !== null}
        title={t('dashboards.renameTitle')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={update.isPending}
        onOk={() => form.submit()}
        onCancel={() => setRenaming(null)}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ name: renaming?.name }}
          onFinish={({ name }) =>
            void change(async () => {
              await update.mutateAsync({ id: renaming!.id, name });
              setRenaming(null);
            })
          }
        >
          <Form.Item name="name" label={t('dashboards.save.name')} rules={[{ required: true, whitespace: true, message: t('dashboards.save.nameRequired') }, { max: 200 }]}>
            <Input autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
