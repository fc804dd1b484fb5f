import { ArrowLeftOutlined, FilePdfOutlined, FileWordOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { AssignmentDetail, WorkflowView } from '@baocao/core';
import { Alert, Button, Card, Col, Collapse, Descriptions, Flex, Popconfirm, Result, Row, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../shared/api/client';
import { errorMessage } from '../../shared/api/problem';
import { ErrorResult } from '../../shared/ui/error-result';
import { useAssignment } from '../inbox/api';
import { AssignmentStatusTag } from '../inbox/assignment-status';
import { signedFileUrl, useSign, useWorkflow } from './api';
import { PdfPreview } from './pdf-preview';
import { LeaderReturnModal } from './reason-modals';
import { CertificateDescriptions, formatMinute } from './signature-parts';
import { TokenSigning } from './token-signing';

/** /viec-cua-toi/:assignmentId/ky-so: the leader reads the submitted report and signs it, or returns it (R21). */
export function SigningPage() {
  const { t } = useTranslation();
  const { assignmentId = '' } = useParams();
  const assignment = useAssignment(assignmentId);
  const workflow = useWorkflow(assignmentId);
  const [signed, setSigned] = useState<WorkflowView | null>(null);

  const failed = assignment.isError && !assignment.data ? assignment.error : workflow.isError && !workflow.data ? workflow.error : null;
  if (failed) {
    const status = failed instanceof ApiError ? failed.status : 0;
    if (status === 404) return <ErrorResult notFound />;
    if (status === 403) return <ErrorResult forbidden />;
    return <ErrorResult error={failed} onRetry={() => void Promise.all([assignment.refetch(), workflow.refetch()])} />;
  }
  if (!assignment.data || !workflow.data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const a = assignment.data;
  const view = workflow.data;

  return (
    <Flex vertical gap={16}>
      <Header a={a} version={view.latestVersion} />
      {signed ? (
        <SignedResult a={a} view={signed} />
      ) : view.actions.includes('sign') && view.latestVersion !== null ? (
        <SignPanel a={a} view={view} version={view.latestVersion} onSigned={setSigned} />
      ) : (
        <Card>
          <Result
            status="info"
            title={t('signing.page.notAwaiting')}
            subTitle={t('signing.page.notAwaitingHint')}
            extra={<Link to={`/viec-cua-toi/${a.id}`}>{t('signing.page.toAssignment')}</Link>}
          />
        </Card>
      )}
    </Flex>
  );
}

/** What is signed: the template, the unit, the round, the submission. Compact, so a phone shows the buttons early. */
function Header({ a, version }: { a: AssignmentDetail; version: number | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Card size="small">
      <Flex gap={8} align="start">
        <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('signing.page.back')} title={t('signing.page.back')} onClick={() => void navigate(`/viec-cua-toi/${a.id}`)} />
        <Flex vertical gap={8} style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text type="secondary">{t('signing.page.title')}</Typography.Text>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {a.template.code} — {a.template.name}
          </Typography.Title>
          <Flex gap={8} align="center" wrap>
            <AssignmentStatusTag status={a.status} />
            <Tag color="blue">{a.roundLabel}</Tag>
          </Flex>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('signing.page.unit')}>{a.unitName}</Descriptions.Item>
            <Descriptions.Item label={t('signing.page.requestingUnit')}>{a.requestingUnitName}</Descriptions.Item>
            <Descriptions.Item label={t('inbox.regime')}>{a.regimeName}</Descriptions.Item>
            {version !== null && <Descriptions.Item label={t('signing.page.version')}>{t('signing.page.versionValue', { number: version })}</Descriptions.Item>}
          </Descriptions>
        </Flex>
      </Flex>
    </Card>
  );
}

type PanelProps = { a: AssignmentDetail; view: WorkflowView; version: number; onSigned: (view: WorkflowView) => void };

/** The certificate, "Ký số" and "Trả lại" first (on a phone too), the PDF beside or below, the token path folded. */
function SignPanel({ a, view, version, onSigned }: PanelProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const sign = useSign(a.id, onSigned);
  const [returning, setReturning] = useState(false);
  const server = view.serverSigning;
  const available = server?.available ?? false;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={{ span: 24, order: 1 }} lg={{ span: 9, order: 2 }}>
        <Flex vertical gap={16}>
          <Card title={t('signing.certificate.title')} size="small">
            <Flex vertical gap={12}>
              {server?.certificate && <CertificateDescriptions certificate={server.certificate} />}
              {!available && <Alert type="warning" showIcon title={t('signing.certificate.unavailable')} description={server?.problem ?? undefined} />}
              <Flex gap={8} wrap>
                <Popconfirm
                  title={t('signing.sign.confirm')}
                  description={t('signing.sign.confirmHint')}
                  okText={t('signing.sign.ok')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => sign.mutate(version)}
                  disabled={!available}
                >
                  <Button type="primary" size="large" icon={<SafetyCertificateOutlined />} loading={sign.isPending} disabled={!available} style={{ minWidth: 140 }}>
                    {t('signing.sign.button')}
                  </Button>
                </Popconfirm>
                <Button size="large" danger onClick={() => setReturning(true)}>
                  {t('signing.leaderReturn.button')}
                </Button>
              </Flex>
              {sign.isError && <Alert type="error" showIcon title={errorMessage(sign.error)} />}
            </Flex>
          </Card>
          <Collapse
            items={[
              {
                key: 'token',
                label: t('signing.token.title'),
                children: <TokenSigning assignmentId={a.id} unitName={a.unitName} versionNumber={version} onSigned={onSigned} />,
              },
            ]}
          />
        </Flex>
      </Col>
      <Col xs={{ span: 24, order: 2 }} lg={{ span: 15, order: 1 }}>
        <PdfPreview assignmentId={a.id} version={version} />
      </Col>
      {returning && <LeaderReturnModal assignmentId={a.id} onClose={() => setReturning(false)} onDone={() => void navigate('/viec-cua-toi')} />}
    </Row>
  );
}

/** After signing: the document number, the signed files, and the way back. */
function SignedResult({ a, view }: { a: AssignmentDetail; view: WorkflowView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const signature = view.signatures.find((s) => s.current) ?? view.signatures.at(-1);
  return (
    <Card>
      <Result
        status="success"
        title={t('signing.sign.doneTitle')}
        subTitle={
          signature && (
            <Flex vertical gap={4} align="center">
              <Typography.Text strong style={{ fontSize: 16 }} data-testid="document-number">
                {t('signing.sign.doneNumber', { number: signature.documentNumber })}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t('signing.sign.doneHint', { name: signature.signedByName, time: formatMinute(signature.signedAt), unit: a.requestingUnitName })}
              </Typography.Text>
            </Flex>
          )
        }
        extra={
          <Flex gap={8} wrap justify="center">
            {signature && (
              <>
                <Button icon={<FilePdfOutlined />} href={signedFileUrl(a.id, signature.id, 'pdf')} target="_blank" rel="noreferrer">
                  {t('signing.sign.signedPdf')}
                </Button>
                <Button icon={<FileWordOutlined />} href={signedFileUrl(a.id, signature.id, 'docx')} download="">
                  {t('signing.sign.signedDocx')}
                </Button>
              </>
            )}
            <Button type="primary" onClick={() => void navigate('/viec-cua-toi')}>
              {t('signing.sign.toInbox')}
            </Button>
          </Flex>
        }
      />
    </Card>
  );
}
