import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { CertificateInfo, ReportSignature } from '@baocao/core';
import { Alert, Descriptions, Flex, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format';
import { signedFileUrl, type SignedFile } from './api';

/** Vietnam time to the minute: dd/mm/yyyy HH:mm. */
export const formatMinute = (iso: string | null | undefined) => formatDateTime(iso).slice(0, 16);

/** A certificate's validity end as dd/mm/yyyy, Vietnam time. */
export const formatValidTo = (iso: string) => formatDateTime(iso).slice(0, 10);

/** The CN of a distinguished name ("CN=Trung tâm…, O=…, C=VN" → "Trung tâm…"), or the whole name when it has none. */
export function commonNameOf(dn: string): string {
  return /(?:^|,\s*)CN=((?:\\,|[^,])+)/.exec(dn)?.[1]?.replace(/\\,/g, ',').trim() ?? dn;
}

/** Who the certificate names, who issued it and until when it is valid. */
export function CertificateDescriptions({ certificate }: { certificate: CertificateInfo }) {
  const { t } = useTranslation();
  return (
    <Descriptions column={1} size="small" bordered styles={{ label: { width: 110 } }} data-testid="certificate">
      <Descriptions.Item label={t('signing.certificate.commonName')}>
        <Typography.Text strong>{certificate.commonName}</Typography.Text>
      </Descriptions.Item>
      {certificate.organisation && certificate.organisation !== certificate.commonName && (
        <Descriptions.Item label={t('signing.certificate.organisation')}>{certificate.organisation}</Descriptions.Item>
      )}
      <Descriptions.Item label={t('signing.certificate.issuer')}>
        <Tooltip title={certificate.issuer}>{commonNameOf(certificate.issuer)}</Tooltip>
      </Descriptions.Item>
      <Descriptions.Item label={t('signing.certificate.validTo')}>{formatValidTo(certificate.notAfter)}</Descriptions.Item>
    </Descriptions>
  );
}

/** Green "Hợp lệ" or red "Không hợp lệ" with the server's explanation under it. */
export function SignatureCheckTag({ signature }: { signature: ReportSignature }) {
  const { t } = useTranslation();
  const { valid, message } = signature.verification;
  return (
    <Flex vertical gap={2} align="start">
      <Tooltip title={message}>
        <Tag color={valid ? 'success' : 'error'} icon={valid ? <CheckCircleFilled /> : <CloseCircleFilled />}>
          {valid ? t('signing.signatures.valid') : t('signing.signatures.invalid')}
        </Tag>
      </Tooltip>
      {!valid && <Typography.Text type="danger">{message}</Typography.Text>}
    </Flex>
  );
}

/** The current signature as the reviewer needs it: valid (green) or not (red, with the reason). */
export function SignatureAlert({ signature }: { signature: ReportSignature }) {
  const { t } = useTranslation();
  const { valid, message } = signature.verification;
  const line = t('signing.signatures.signedLine', { number: signature.documentNumber, name: signature.signedByName, time: formatMinute(signature.signedAt) });
  return (
    <Alert
      type={valid ? 'success' : 'error'}
      showIcon
      data-testid="signature-check"
      title={valid ? t('signing.signatures.validTitle') : t('signing.signatures.invalidTitle')}
      description={
        <Flex vertical>
          <span>{message}</span>
          <Typography.Text type="secondary">{line}</Typography.Text>
        </Flex>
      }
    />
  );
}

const FILES: readonly SignedFile[] = ['pdf', 'docx', 'p7s', 'json'];

/** PDF · DOCX · Chữ ký (.p7s) · Dữ liệu ký (.json): the signed files, the PDF opened in a new tab. */
export function SignedFileLinks({ assignmentId, signatureId }: { assignmentId: string; signatureId: string }) {
  const { t } = useTranslation();
  return (
    <Flex gap={4} wrap align="center">
      {FILES.map((kind, i) => (
        <span key={kind}>
          {i > 0 && <Typography.Text type="secondary"> · </Typography.Text>}
          <a href={signedFileUrl(assignmentId, signatureId, kind)} {...(kind === 'pdf' ? { target: '_blank', rel: 'noreferrer' } : { download: '' })}>
            {t(`signing.signatures.${kind}`)}
          </a>
        </span>
      ))}
    </Flex>
  );
}
