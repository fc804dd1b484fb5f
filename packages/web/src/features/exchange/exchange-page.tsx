import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { API_KEY_SCOPES, compareVi, roleCan, type ApiKey, type ApiKeyScope, type ExchangeImportSummary } from '@baocao/core';
import { App as AntApp, Button, Card, Checkbox, Flex, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { errorMessage } from '../../shared/api/problem';
import { formatDateTime } from '../../shared/format';
import { ErrorResult } from '../../shared/ui/error-result';
import { UnitTreeSelect } from '../units/unit-tree-select';
import { useApiKeys, useCreateApiKey, useExchangeImports, useRevokeApiKey } from './api';
import { AnswersCard, PeersCard, SetupRequestAction } from './federation-panel';

type KeyForm = { name: string; unitId: string; scopes: ApiKeyScope[] };

/** /ket-noi: API keys of the systems that exchange QCVN 125 packets (the LGSP), the packets received, and the federation (lower systems, answers). Administrators. */
export function ExchangePage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const keys = useApiKeys();
  const imports = useExchangeImports(roleCan(user.role, 'exchange.import'));
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [adding, setAdding] = useState(false);
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  const [form] = Form.useForm<KeyForm>();
  const rows = useMemo(() => [...(keys.data ?? [])].sort((a, b) => Number(!!a.revokedAt) - Number(!!b.revokedAt) || compareVi(a.unitName, b.unitName)), [keys.data]);
  const onError = (error: unknown) => void message.error(errorMessage(error));

  const submit = (values: KeyForm) =>
    create.mutate(values, {
      onSuccess: (k) => {
        setAdding(false);
        form.resetFields();
        setShown({ name: k.name, key: k.key });
      },
      onError,
    });

  const status = (k: ApiKey) => (k.revokedAt ? <Tag>{t('exchange.revoked', { at: formatDateTime(k.revokedAt) })}</Tag> : <Tag color="success">{t('exchange.valid')}</Tag>);

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('exchange.keysTitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('exchange.add')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('exchange.keysIntro')}</Typography.Paragraph>
        {keys.isError ? (
          <ErrorResult error={keys.error} onRetry={() => void keys.refetch()} />
        ) : (
          <Table<ApiKey>
            rowKey="id"
            size="middle"
            loading={keys.isFetching}
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('exchange.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
              { title: t('exchange.unit'), dataIndex: 'unitName' },
              { title: t('exchange.scopes'), dataIndex: 'scopes', render: (v: ApiKeyScope[]) => <Space size={4} wrap>{v.map((s) => <Tag key={s}>{t(`exchange.scope.${s}`)}</Tag>)}</Space> },
              { title: t('exchange.prefix'), dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
              { title: t('exchange.createdBy'), dataIndex: 'createdByName' },
              { title: t('exchange.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
              { title: t('exchange.lastUsedAt'), dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? formatDateTime(v) : t('exchange.never')) },
              { title: t('common.status'), key: 'status', render: (_v, k) => status(k) },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_v, k) =>
                  !k.revokedAt && (
                    <Popconfirm
                      title={t('exchange.revokeConfirm', { name: k.name })}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => revoke.mutate(k.id, { onSuccess: () => void message.success(t('exchange.revokedDone')), onError })}
                    >
                      <Button type="link" size="small" danger icon={<StopOutlined />}>
                        {t('exchange.revoke')}
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]}
          />
        )}
      </Card>

      {roleCan(user.role, 'exchange.import') && (
        <Card title={t('exchange.importsTitle')}>
          <Typography.Paragraph type="secondary">{t('exchange.importsIntro')}</Typography.Paragraph>
          {imports.isError ? (
            <ErrorResult error={imports.error} onRetry={() => void imports.refetch()} />
          ) : (
            <Table<ExchangeImportSummary>
              rowKey="id"
              size="middle"
              loading={imports.isFetching}
              dataSource={imports.data ?? []}
              scroll={{ x: 'max-content' }}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: t('exchange.type'), dataIndex: 'type', render: (v: ExchangeImportSummary['type']) => t(`exchange.types.${v}`) },
                { title: t('exchange.sender'), key: 'sender', render: (_v, r) => `${r.senderUnitCode} (${r.senderSystem})` },
                { title: t('exchange.receivedAt'), dataIndex: 'importedAt', render: (v: string) => formatDateTime(v) },
                { title: t('exchange.receivedBy'), key: 'by', render: (_v, r) => r.apiKeyName ?? r.importedByName ?? t('common.none') },
                { title: t('exchange.result'), key: 'result', render: (_v, r) => t('exchange.resultText', { created: r.result.created, updated: r.result.updated, unchanged: r.result.unchanged }) },
                { title: t('common.actions'), key: 'actions', render: (_v, r) => <SetupRequestAction row={r} /> },
              ]}
            />
          )}
        </Card>
      )}

      {roleCan(user.role, 'api_key.manage') && <PeersCard />}
      {(roleCan(user.role, 'exchange.import') || roleCan(user.role, 'exchange.export')) && <AnswersCard />}

      <Modal open={adding} title={t('exchange.add')} onCancel={() => setAdding(false)} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending} destroyOnHidden>
        <Form<KeyForm> form={form} layout="vertical" onFinish={submit} initialValues={{ unitId: user.unitId, scopes: ['exchange.export'] }}>
          <Form.Item name="name" label={t('exchange.name')} rules={[{ required: true, whitespace: true, message: t('exchange.required') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="unitId" label={t('exchange.unit')} rules={[{ required: true, message: t('exchange.required') }]}>
            <UnitTreeSelect />
          </Form.Item>
          <Form.Item name="scopes" label={t('exchange.scopes')} rules={[{ required: true, type: 'array', min: 1, message: t('exchange.required') }]}>
            <Checkbox.Group options={API_KEY_SCOPES.map((s) => ({ value: s, label: t(`exchange.scope.${s}`) }))} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={!!shown} title={t('exchange.createdTitle')} onCancel={() => setShown(null)} footer={<Button type="primary" onClick={() => setShown(null)}>{t('common.close')}</Button>} destroyOnHidden>
        {shown && (
          <Flex vertical gap={12}>
            <Typography.Paragraph style={{ margin: 0 }}>{t('exchange.createdText')}</Typography.Paragraph>
            <Typography.Text strong>{shown.name}</Typography.Text>
            <Typography.Text code copyable={{ tooltips: [t('common.copy'), t('common.copied')] }} style={{ wordBreak: 'break-all' }}>
              {shown.key}
            </Typography.Text>
          </Flex>
        )}
      </Modal>
    </Flex>
  );
}
