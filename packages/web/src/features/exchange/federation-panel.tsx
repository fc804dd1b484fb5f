import { PlusOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { compareVi, type ExchangeImportSummary, type ExchangePeer, type ReceivedAnswer } from '@baocao/core';
import { App as AntApp, Button, Card, Flex, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../shared/api/problem';
import { formatDateTime } from '../../shared/format';
import { ErrorResult } from '../../shared/ui/error-result';
import { useRegimes } from '../regimes/api';
import { UnitTreeSelect } from '../units/unit-tree-select';
import { useAnswers, useCreatePeer, useIssueRequest, usePeers, useRevokePeer, useSetUpRequest } from './api';

/**
 * Federation on the exchange page (docs/federation.md): on a lower system, a request from above set up as
 * this system's regime in one step; on an upper one, its lower systems, requests sent down, answers received.
 */

/** The imports table's action for a request from above: "Tạo chế độ báo cáo từ yêu cầu", or the regime made from it. */
export function SetupRequestAction({ row }: { row: ExchangeImportSummary }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const setUp = useSetUpRequest();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reportingUnitId: string; requestingUnitId?: string }>();
  if (row.type !== 'regime') return null;
  if (row.setup) return <Link to={`/che-do-bao-cao/${row.setup.regimeId}`}>{t('exchange.fed.setUpDone', { code: row.setup.regimeCode })}</Link>;
  const submit = ({ reportingUnitId, requestingUnitId }: { reportingUnitId: string; requestingUnitId?: string }) =>
    setUp.mutate(
      { importId: row.id, reportingUnitId, ...(requestingUnitId ? { requestingUnitId } : {}) },
      {
        onSuccess: (r) => {
          setOpen(false);
          void message.success(t('exchange.fed.setUpSuccess', { code: r.regimeCode }));
        },
        onError: (e) => void message.error(errorMessage(e)),
      },
    );
  return (
    <>
      <Button type="link" size="small" onClick={() => setOpen(true)}>
        {t('exchange.fed.setUp')}
      </Button>
      <Modal open={open} title={t('exchange.fed.setUp')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('exchange.fed.setUpOk')} cancelText={t('common.cancel')} confirmLoading={setUp.isPending} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('exchange.fed.setUpIntro')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="requestingUnitId" label={t('exchange.fed.requestingUnit')} extra={t('exchange.fed.requestingUnitHelp')}>
            <UnitTreeSelect allowClear />
          </Form.Item>
          <Form.Item name="reportingUnitId" label={t('exchange.fed.reportingUnit')} rules={[{ required: true, message: t('exchange.required') }]}>
            <UnitTreeSelect />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

type PeerForm = { name: string; unitId: string; url: string; token: string };

/** Lower systems: register (address + the key they issued us), revoke, and send a regime down to them. Administrators. */
export function PeersCard() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const peers = usePeers();
  const create = useCreatePeer();
  const revoke = useRevokePeer();
  const issue = useIssueRequest();
  const regimes = useRegimes({ status: 'active' });
  const [adding, setAdding] = useState(false);
  const [sending, setSending] = useState(false);
  const [form] = Form.useForm<PeerForm>();
  const [sendForm] = Form.useForm<{ regimeId: string }>();
  const onError = (e: unknown) => void message.error(errorMessage(e));
  const rows = useMemo(() => [...(peers.data ?? [])].sort((a, b) => Number(!!a.revokedAt) - Number(!!b.revokedAt) || compareVi(a.unitName, b.unitName)), [peers.data]);

  return (
    <Card
      title={t('exchange.fed.peersTitle')}
      extra={
        <Flex gap={8}>
          <Button icon={<SendOutlined />} onClick={() => setSending(true)} disabled={!rows.some((p) => !p.revokedAt)}>
            {t('exchange.fed.issue')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('exchange.fed.addPeer')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('exchange.fed.peersIntro')}</Typography.Paragraph>
      {peers.isError ? (
        <ErrorResult error={peers.error} onRetry={() => void peers.refetch()} />
      ) : (
        <Table<ExchangePeer>
          rowKey="id"
          size="middle"
          loading={peers.isFetching}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('exchange.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
            { title: t('exchange.unit'), key: 'unit', render: (_v, p) => `${p.unitName} (${p.unitCode})` },
            { title: t('exchange.fed.url'), dataIndex: 'url', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('exchange.createdBy'), dataIndex: 'createdByName' },
            { title: t('common.status'), key: 'status', render: (_v, p) => (p.revokedAt ? <Tag>{t('exchange.fed.peerRevoked', { at: formatDateTime(p.revokedAt) })}</Tag> : <Tag color="success">{t('exchange.valid')}</Tag>) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_v, p) =>
                !p.revokedAt && (
                  <Popconfirm title={t('exchange.fed.revokeConfirm', { name: p.name })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => revoke.mutate(p.id, { onError })}>
                    <Button type="link" size="small" danger icon={<StopOutlined />}>
                      {t('exchange.fed.revokePeer')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      )}
      <Modal open={adding} title={t('exchange.fed.addPeer')} onCancel={() => setAdding(false)} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={create.isPending} destroyOnHidden>
        <Form<PeerForm>
          form={form}
          layout="vertical"
          onFinish={(values) => create.mutate(values, { onSuccess: () => { setAdding(false); form.resetFields(); }, onError })}
        >
          <Form.Item name="name" label={t('exchange.name')} rules={[{ required: true, whitespace: true, message: t('exchange.required') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="unitId" label={t('exchange.fed.peerUnit')} rules={[{ required: true, message: t('exchange.required') }]}>
            <UnitTreeSelect />
          </Form.Item>
          <Form.Item name="url" label={t('exchange.fed.url')} extra={t('exchange.fed.urlHelp')} rules={[{ required: true, type: 'url', message: t('exchange.fed.urlInvalid') }]}>
            <Input maxLength={2000} placeholder="https://baocao.tinh.gov.vn/api/v1/exchange/imports" />
          </Form.Item>
          <Form.Item name="token" label={t('exchange.fed.token')} extra={t('exchange.fed.tokenHelp')} rules={[{ required: true, whitespace: true, message: t('exchange.required') }]}>
            <Input.Password maxLength={500} autoComplete="off" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={sending} title={t('exchange.fed.issue')} onCancel={() => setSending(false)} onOk={() => sendForm.submit()} okText={t('exchange.fed.issueOk')} cancelText={t('common.cancel')} confirmLoading={issue.isPending} destroyOnHidden>
        <Typography.Paragraph type="secondary">{t('exchange.fed.issueIntro')}</Typography.Paragraph>
        <Form
          form={sendForm}
          layout="vertical"
          onFinish={(values) =>
            issue.mutate(values, {
              onSuccess: (r) => {
                setSending(false);
                void message.success(t('exchange.fed.issued', { count: r.peers.length, packets: r.packets.length }));
              },
              onError,
            })
          }
        >
          <Form.Item name="regimeId" label={t('exchange.fed.regime')} rules={[{ required: true, message: t('exchange.required') }]}>
            <Select showSearch optionFilterProp="label" loading={regimes.isFetching} options={(regimes.data ?? []).map((r) => ({ value: r.id, label: `${r.code} — ${r.name}` }))} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** Figures received from lower systems: whose, for what, which packet, current or superseded. */
export function AnswersCard() {
  const { t } = useTranslation();
  const answers = useAnswers();
  return (
    <Card title={t('exchange.fed.answersTitle')}>
      <Typography.Paragraph type="secondary">{t('exchange.fed.answersIntro')}</Typography.Paragraph>
      {answers.isError ? (
        <ErrorResult error={answers.error} onRetry={() => void answers.refetch()} />
      ) : (
        <Table<ReceivedAnswer>
          rowKey="packetId"
          size="middle"
          loading={answers.isFetching}
          dataSource={answers.data ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t('exchange.unit'), key: 'unit', render: (_v, a) => `${a.unitName} (${a.unitCode})` },
            { title: t('exchange.fed.regime'), dataIndex: 'regimeCode' },
            { title: t('exchange.fed.template'), dataIndex: 'templateCode' },
            { title: t('exchange.fed.period'), dataIndex: 'periodKey' },
            { title: t('exchange.fed.version'), key: 'version', render: (_v, a) => t('exchange.fed.versionText', { ours: a.versionNumber, theirs: a.sourceVersion }) },
            { title: t('exchange.fed.facts'), dataIndex: 'facts' },
            { title: t('exchange.receivedAt'), dataIndex: 'receivedAt', render: (v: string) => formatDateTime(v) },
            { title: t('exchange.fed.packet'), dataIndex: 'packetId', render: (v: string) => <Typography.Text code copyable>{v}</Typography.Text> },
            { title: t('common.status'), key: 'current', render: (_v, a) => (a.current ? <Tag color="success">{t('exchange.fed.current')}</Tag> : <Tag>{t('exchange.fed.superseded')}</Tag>) },
          ]}
        />
      )}
    </Card>
  );
}
