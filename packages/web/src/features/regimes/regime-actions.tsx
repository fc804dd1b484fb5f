import { EditOutlined, StopOutlined } from '@ant-design/icons';
import type { Regime } from '@baocao/core';
import { Alert, App, Button, DatePicker, Flex, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/client';
import { errorMessage, showFieldErrors } from '../../shared/api/problem';
import { useEndRegime, useUpdateRegime } from './api';
import { ReminderSelect } from './common-fields';
import { fromTargets, toDate, toTargets, type TargetRow } from './regime-form-values';
import { DATE_FORMAT } from './schedule-fields';
import { TargetsBuilder } from './targets-builder';

type EditValues = { name: string; legalBasis: string; targets: TargetRow[]; reminderDaysBefore: number[]; endsOn: Dayjs | null };

/** Edit and end buttons of an active regime, each opening its own dialog. */
export function RegimeActions({ regime }: { regime: Regime }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'edit' | 'end'>();
  // The dialogs stay mounted when the regime ends under them, so their success message still shows.
  return (
    <Flex gap={8}>
      {regime.status === 'active' && (
        <>
          <Button icon={<EditOutlined />} onClick={() => setOpen('edit')}>
            {t('regimes.edit.button')}
          </Button>
          <Button danger icon={<StopOutlined />} onClick={() => setOpen('end')}>
            {t('regimes.end.button')}
          </Button>
        </>
      )}
      {open === 'edit' && <EditRegimeModal regime={regime} onClose={() => setOpen(undefined)} />}
      {open === 'end' && <EndRegimeModal regime={regime} onClose={() => setOpen(undefined)} />}
    </Flex>
  );
}

/** A stale revision means someone else saved first: say so rather than the raw conflict. */
function saveError(t: (key: 'regimes.edit.stale') => string, error: unknown): string {
  return error instanceof ApiError && error.code === 'regime.stale' ? t('regimes.edit.stale') : errorMessage(error);
}

function EditRegimeModal({ regime, onClose }: { regime: Regime; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const update = useUpdateRegime();
  const submit = (v: EditValues) =>
    update.mutate(
      {
        id: regime.id,
        name: v.name.trim(),
        legalBasis: v.legalBasis?.trim() ?? '',
        targets: toTargets(v.targets),
        reminderDaysBefore: [...(v.reminderDaysBefore ?? [])].sort((a, b) => b - a),
        endsOn: regime.kind === 'periodic' ? (toDate(v.endsOn) ?? null) : regime.endsOn,
        revision: regime.revision,
      },
      {
        onSuccess: () => {
          void message.success(t('regimes.edit.saved'));
          onClose();
        },
        onError: (error) => showFieldErrors(form, error),
      },
    );

  return (
    <Modal
      open
      title={t('regimes.edit.title', { code: regime.code })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={820}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('regimes.edit.hint')}</Typography.Paragraph>
      <Form<EditValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        onFinish={submit}
        initialValues={{
          name: regime.name,
          legalBasis: regime.legalBasis,
          targets: fromTargets(regime.targets),
          reminderDaysBefore: regime.reminderDaysBefore,
          endsOn: regime.endsOn ? dayjs(regime.endsOn) : null,
        }}
      >
        <Form.Item name="name" label={t('regimes.name')} rules={[{ required: true, whitespace: true, message: t('regimes.form.required') }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('regimes.legalBasis')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item label={t('regimes.form.targets')} required>
          <TargetsBuilder />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="reminderDaysBefore" label={t('regimes.form.reminders')} style={{ minWidth: 320, flex: 1 }}>
            <ReminderSelect />
          </Form.Item>
          {regime.kind === 'periodic' && (
            <Form.Item name="endsOn" label={t('regimes.form.endsOn')}>
              <DatePicker format={DATE_FORMAT} placeholder={t('regimes.form.noEnd')} />
            </Form.Item>
          )}
        </Flex>
      </Form>
      {update.isError && <Alert type="error" showIcon title={saveError(t, update.error)} />}
    </Modal>
  );
}

function EndRegimeModal({ regime, onClose }: { regime: Regime; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const end = useEndRegime();
  const submit = ({ reason }: { reason: string }) =>
    end.mutate(
      { id: regime.id, revision: regime.revision, reason: reason.trim() },
      {
        onSuccess: () => {
          void message.success(t('regimes.end.done'));
          onClose();
        },
      },
    );
  return (
    <Modal
      open
      title={t('regimes.end.title', { code: regime.code })}
      okText={t('regimes.end.button')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={end.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('regimes.end.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reason" label={t('regimes.end.reason')} rules={[{ required: true, whitespace: true, message: t('regimes.form.required') }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
      {end.isError && <Alert type="error" showIcon title={saveError(t, end.error)} />}
    </Modal>
  );
}
