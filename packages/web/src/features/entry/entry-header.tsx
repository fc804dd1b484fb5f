import { ArrowLeftOutlined, CheckCircleFilled, CloseCircleFilled, DownloadOutlined, HistoryOutlined, LoadingOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import type { FormState } from '@baocao/core';
import { Button, Card, Descriptions, Flex, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../shared/api/problem';
import { formatDateTime } from '../../shared/format';
import { AssignmentStatusTag } from '../inbox/assignment-status';
import { formatDay } from '../inbox/dates';
import { formFileUrl } from './api';
import type { SavePhase } from './use-entry-draft';

/** Where the draft stands: saving, saved at (by whom), or why it was not saved. */
function SaveState({ form, phase, error, onRetry }: { form: FormState; phase: SavePhase; error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  if (phase === 'saving' || phase === 'waiting') {
    return (
      <Typography.Text type="secondary" data-testid="save-state">
        <LoadingOutlined /> {phase === 'saving' ? t('entry.saving') : t('entry.unsaved')}
      </Typography.Text>
    );
  }
  if (phase === 'failed') {
    return (
      <Space data-testid="save-state">
        <Typography.Text type="danger">
          <CloseCircleFilled /> {t('entry.saveFailed', { message: errorMessage(error) })}
        </Typography.Text>
        <Button size="small" onClick={onRetry}>
          {t('entry.retrySave')}
        </Button>
      </Space>
    );
  }
  if (!form.updatedAt) return <Typography.Text type="secondary" data-testid="save-state">{t('entry.neverSaved')}</Typography.Text>;
  const time = formatDateTime(form.updatedAt);
  return (
    <Typography.Text type="success" data-testid="save-state">
      <CheckCircleFilled /> {form.updatedByName ? t('entry.savedAtBy', { time, name: form.updatedByName }) : t('entry.savedAt', { time })}
    </Typography.Text>
  );
}

type Props = {
  form: FormState;
  phase: SavePhase;
  error: unknown;
  onRetry: () => void;
  /** Why sending is not possible now, or null when it is. */
  submitBlocked: string | null;
  submitting: boolean;
  onSubmit: () => void;
  onUpload: () => void;
  historyCell: string | null;
  onHistory: () => void;
  numeric: boolean;
};

/** The head of the entry page: which report, for whom and when, its state, and what can be done with it. */
export function EntryHeader({ form, phase, error, onRetry, submitBlocked, submitting, onSubmit, onUpload, historyCell, onHistory, numeric }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canSend = form.editable && form.canSubmit;
  return (
    <Card>
      <Flex gap={8} align="start" wrap style={{ marginBottom: 12 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('entry.back')} title={t('entry.back')} onClick={() => void navigate(`/viec-cua-toi/${form.assignmentId}`)} />
        <Flex vertical gap={4} style={{ flex: 1, minWidth: 280 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {form.template.code} — {form.template.name}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 400 }}>
              ({t('entry.templateVersion', { version: form.template.version })})
            </Typography.Text>
          </Typography.Title>
          <Flex gap={8} align="center" wrap>
            <AssignmentStatusTag status={form.status} />
            <Tag color="blue">{form.roundLabel}</Tag>
            <SaveState form={form} phase={phase} error={error} onRetry={onRetry} />
          </Flex>
        </Flex>
        <Space wrap>
          {numeric && (
            <Tooltip title={historyCell ? undefined : t('entry.cellHistoryHint')}>
              <Button icon={<HistoryOutlined />} disabled={!historyCell} onClick={onHistory}>
                {t('entry.cellHistory')}
              </Button>
            </Tooltip>
          )}
          {numeric && (
            <Button icon={<DownloadOutlined />} href={formFileUrl(form.assignmentId, 'xlsx')} download>
              {t('entry.downloadXlsx')}
            </Button>
          )}
          {numeric && form.editable && (
            <Button icon={<UploadOutlined />} onClick={onUpload}>
              {t('entry.upload')}
            </Button>
          )}
          {form.editable && (
            <Tooltip title={submitBlocked}>
              <Popconfirm
                title={form.requiresSignature ? t('entry.submitToLeaderConfirm') : t('entry.submitConfirm')}
                description={form.requiresSignature ? t('entry.submitToLeaderHint') : t('entry.submitConfirmHint')}
                okText={form.requiresSignature ? t('entry.submitToLeader') : t('entry.submit')}
                cancelText={t('common.cancel')}
                onConfirm={onSubmit}
                disabled={!!submitBlocked || !canSend}
              >
                <Button type="primary" icon={<SendOutlined />} disabled={!!submitBlocked || !canSend} loading={submitting}>
                  {form.requiresSignature ? t('entry.submitToLeader') : t('entry.submit')}
                </Button>
              </Popconfirm>
            </Tooltip>
          )}
        </Space>
      </Flex>
      <Descriptions column={{ xs: 1, md: 2, xl: 4 }} size="small" bordered>
        <Descriptions.Item label={t('entry.unit')}>{form.unitName}</Descriptions.Item>
        <Descriptions.Item label={t('entry.round')}>{form.roundLabel}</Descriptions.Item>
        <Descriptions.Item label={t('entry.dueOn')}>
          <Typography.Text strong>{formatDay(form.dueOn)}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('entry.status')}>
          <AssignmentStatusTag status={form.status} />
        </Descriptions.Item>
      </Descriptions>
      {form.lateEntry && (
        <Typography.Paragraph type="warning" style={{ margin: '8px 0 0' }}>
          {t('entry.lateEntry', { reason: form.lateEntry.reason, name: form.lateEntry.byName, time: formatDateTime(form.lateEntry.at) })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
