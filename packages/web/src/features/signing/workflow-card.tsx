import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { AssignmentDetail, CorrectionRequest, ReportSignature, WorkflowAction } from '@baocao/core';
import { Button, Card, Flex, List, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { AssignmentStatusTag } from '../inbox/assignment-status';
import { ReviewModal } from '../review/review-modal';
import { useWorkflow } from './api';
import { DecideCorrectionModal, RequestCorrectionModal } from './reason-modals';
import { commonNameOf, formatMinute, formatValidTo, SignatureCheckTag, SignedFileLinks } from './signature-parts';

const REVIEW_ACTIONS: readonly WorkflowAction[] = ['accept', 'reject', 'return_to_leader'];
type Open = 'review' | 'request' | 'decide' | null;

/**
 * On the assignment page: where the report stands in the workflow, what this person may do now (as
 * the server says), the signed versions checked now, and the correction requests. Hidden when empty.
 */
export function WorkflowCard({ a }: { a: AssignmentDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const workflow = useWorkflow(a.id);
  const [open, setOpen] = useState<Open>(null);
  const view = workflow.data;
  if (!view) return null;

  const can = (action: WorkflowAction) => view.actions.includes(action);
  const pending = view.corrections.find((c) => c.decision === null);
  const buttons = [
    can('sign') && (
      <Button key="sign" type="primary" icon={<SafetyCertificateOutlined />} onClick={() => void navigate(`/viec-cua-toi/${a.id}/ky-so`)}>
        {t('signing.workflow.toSign')}
      </Button>
    ),
    REVIEW_ACTIONS.some(can) && (
      <Button key="review" type="primary" onClick={() => setOpen('review')}>
        {t('signing.workflow.review')}
      </Button>
    ),
    can('request_correction') && (
      <Button key="request" onClick={() => setOpen('request')}>
        {t('signing.workflow.requestCorrection')}
      </Button>
    ),
    (can('approve_correction') || can('refuse_correction')) && (
      <Button key="decide" type="primary" onClick={() => setOpen('decide')}>
        {t('signing.workflow.decideCorrection')}
      </Button>
    ),
  ].filter(Boolean);
  if (buttons.length === 0 && view.signatures.length === 0 && view.corrections.length === 0) return null;

  return (
    <Card title={t('signing.workflow.title')} extra={<AssignmentStatusTag status={view.status} />} data-testid="workflow-card">
      <Flex vertical gap={16}>
        {buttons.length > 0 && (
          <Flex gap={8} wrap>
            {buttons}
          </Flex>
        )}
        {view.signatures.length > 0 && (
          <Flex vertical gap={8}>
            <Typography.Text strong>{t('signing.workflow.signatures', { count: view.signatures.length })}</Typography.Text>
            <SignaturesTable assignmentId={a.id} signatures={view.signatures} />
          </Flex>
        )}
        {view.corrections.length > 0 && <Corrections corrections={view.corrections} />}
      </Flex>
      {open === 'review' && <ReviewModal childId={a.id} unitName={a.unitName} onClose={() => setOpen(null)} />}
      {open === 'request' && <RequestCorrectionModal assignmentId={a.id} onClose={() => setOpen(null)} />}
      {open === 'decide' && <DecideCorrectionModal assignmentId={a.id} unitName={a.unitName} request={pending} onClose={() => setOpen(null)} />}
    </Card>
  );
}

/** Every signed version, newest first, checked against the trust store and the stored figures now. */
function SignaturesTable({ assignmentId, signatures }: { assignmentId: string; signatures: ReportSignature[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<ReportSignature> = [
    {
      title: t('signing.signatures.documentNumber'),
      key: 'number',
      render: (_, s) => (
        <Flex vertical gap={2} align="start">
          <Typography.Text strong>{s.documentNumber}</Typography.Text>
          {s.current && <Tag color="blue">{t('signing.signatures.current')}</Tag>}
        </Flex>
      ),
    },
    { title: t('signing.signatures.version'), dataIndex: 'versionNumber', width: 60, align: 'center' },
    {
      title: t('signing.signatures.signedBy'),
      key: 'by',
      render: (_, s) => (
        <Flex vertical>
          {s.signedByName}
          {s.method === 'external' && <Typography.Text type="secondary">{t('signing.signatures.external')}</Typography.Text>}
        </Flex>
      ),
    },
    { title: t('signing.signatures.signedAt'), key: 'at', width: 150, render: (_, s) => formatMinute(s.signedAt) },
    {
      title: t('signing.signatures.certificate'),
      key: 'certificate',
      render: (_, s) => (
        <Tooltip
          title={
            <Flex vertical>
              <span>{s.certificate.subject}</span>
              <span>{t('signing.signatures.issuedBy', { issuer: commonNameOf(s.certificate.issuer) })}</span>
              <span>{t('signing.signatures.validTo', { date: formatValidTo(s.certificate.notAfter) })}</span>
            </Flex>
          }
        >
          <Typography.Text style={{ cursor: 'help', borderBottom: '1px dotted #8c8c8c' }}>{s.certificate.commonName}</Typography.Text>
        </Tooltip>
      ),
    },
    { title: t('signing.signatures.check'), key: 'check', width: 220, render: (_, s) => <SignatureCheckTag signature={s} /> },
    { title: t('signing.signatures.files'), key: 'files', width: 220, render: (_, s) => <SignedFileLinks assignmentId={assignmentId} signatureId={s.id} /> },
  ];
  const rows = [...signatures].sort((x, y) => y.signedAt.localeCompare(x.signedAt));
  return <Table<ReportSignature> rowKey="id" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 960 }} data-testid="signatures" />;
}

/** Correction requests with their decision: who asked, why, who decided. */
function Corrections({ corrections }: { corrections: CorrectionRequest[] }) {
  const { t } = useTranslation();
  const decision = (c: CorrectionRequest) =>
    c.decision === null ? <Tag color="gold">{t('signing.corrections.pending')}</Tag> : c.decision === 'approved' ? <Tag color="green">{t('signing.corrections.approved')}</Tag> : <Tag color="red">{t('signing.corrections.refused')}</Tag>;
  return (
    <List
      size="small"
      bordered
      header={<Typography.Text strong>{t('signing.workflow.corrections', { count: corrections.length })}</Typography.Text>}
      dataSource={[...corrections].sort((x, y) => y.requestedAt.localeCompare(x.requestedAt))}
      renderItem={(c) => (
        <List.Item>
          <Flex vertical gap={2}>
            <Flex gap={8} align="center" wrap>
              {decision(c)}
              <Typography.Text type="secondary">{t('signing.corrections.version', { number: c.versionNumber })}</Typography.Text>
              <Typography.Text type="secondary">{t('signing.corrections.requestedBy', { name: c.requestedByName, time: formatMinute(c.requestedAt) })}</Typography.Text>
            </Flex>
            <span>{t('signing.corrections.reason', { reason: c.reason })}</span>
            {c.decidedByName && c.decidedAt && (
              <Typography.Text type="secondary">
                {t(`signing.corrections.${c.decision === 'refused' ? 'refused' : 'approved'}`)}: {t('signing.corrections.decidedBy', { name: c.decidedByName, time: formatMinute(c.decidedAt) })}
              </Typography.Text>
            )}
            {c.decisionReason && <Typography.Text type="danger">{t('signing.corrections.decisionReason', { reason: c.decisionReason })}</Typography.Text>}
          </Flex>
        </List.Item>
      )}
    />
  );
}
