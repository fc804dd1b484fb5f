import { CopyOutlined, DownloadOutlined, ShareAltOutlined } from '@ant-design/icons';
import { roleCan, TEMPLATE_TRANSITIONS, type Template, type TemplateStatus } from '@baocao/core';
import { App, Button, Dropdown, Form, Input, Modal, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import { errorMessage } from '../../shared/api/problem';
import { UnitTreeSelect } from '../units/unit-tree-select';
import { templateExportUrl, useCopyTemplate, useNewTemplateVersion, useShareTemplate, useTransitionTemplate } from './api';

const TRANSITION_LABEL: Record<TemplateStatus, 'toDraft' | 'toTesting' | 'toOfficial' | 'toRetired'> = {
  draft: 'toDraft',
  testing: 'toTesting',
  official: 'toOfficial',
  retired: 'toRetired',
};

type Props = { template: Template; revision: number; dirty: boolean; onChanged: (template: Template) => void };

/** Lifecycle moves this role may make from the current status, plus new version, copy, share and export. */
export function TemplateActions({ template, revision, dirty, onChanged }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const transition = useTransitionTemplate();
  const newVersion = useNewTemplateVersion();
  const share = useShareTemplate();
  const [copyOpen, setCopyOpen] = useState(false);
  const fail = (error: unknown) => void message.error(errorMessage(error));

  const moves = (Object.entries(TEMPLATE_TRANSITIONS[template.status]) as [TemplateStatus, Parameters<typeof roleCan>[1]][]).filter(([, grant]) => roleCan(user.role, grant));
  const canManage = roleCan(user.role, 'template.manage');
  const canPublish = roleCan(user.role, 'template.publish');

  return (
    <>
      {moves.map(([to]) => (
        <Popconfirm
          key={to}
          title={t('templates.actions.confirmTransition', { status: t(`templates.status.${to}`) })}
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          disabled={dirty}
          onConfirm={() =>
            transition.mutate(
              { id: template.id, to, revision },
              {
                onSuccess: (saved) => {
                  onChanged(saved);
                  void message.success(t('templates.actions.transitioned', { status: t(`templates.status.${to}`) }));
                },
                onError: fail,
              },
            )
          }
        >
          <Button type={to === 'official' || to === 'testing' ? 'primary' : 'default'} danger={to === 'retired'} disabled={dirty} title={dirty ? t('templates.saveFirst') : undefined} loading={transition.isPending && transition.variables?.to === to}>
            {t(`templates.actions.${TRANSITION_LABEL[to]}`)}
          </Button>
        </Popconfirm>
      ))}
      {template.status === 'official' && canManage && (
        <Button loading={newVersion.isPending} onClick={() => newVersion.mutate(template.id, { onSuccess: (v) => void navigate(`/bieu-mau/${v.id}`), onError: fail })}>
          {t('templates.actions.newVersion')}
        </Button>
      )}
      {template.status === 'official' && canPublish && (
        <Button icon={<ShareAltOutlined />} loading={share.isPending} onClick={() => share.mutate({ id: template.id, shared: !template.shared }, { onSuccess: (s) => { onChanged(s); void message.success(t('templates.actions.sharedDone')); }, onError: fail })}>
          {t(template.shared ? 'templates.actions.unshare' : 'templates.actions.share')}
        </Button>
      )}
      {canManage && (
        <Button icon={<CopyOutlined />} onClick={() => setCopyOpen(true)}>
          {t('templates.actions.copy')}
        </Button>
      )}
      <Dropdown
        trigger={['click']}
        menu={{
          items: (['xlsx', 'json'] as const).map((format) => ({
            key: format,
            label: (
              <a href={templateExportUrl(template.id, format)} download>
                {t(format === 'json' ? 'templates.actions.exportJson' : 'templates.actions.exportXlsx')}
              </a>
            ),
          })),
        }}
      >
        <Button icon={<DownloadOutlined />}>{t('templates.actions.export')}</Button>
      </Dropdown>
      {copyOpen && <CopyModal template={template} onClose={() => setCopyOpen(false)} />}
    </>
  );
}

function CopyModal({ template, onClose }: { template: Template; onClose: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const copy = useCopyTemplate();
  const [form] = Form.useForm<{ code: string; name: string; requestingUnitId: string }>();
  const submit = (values: { code: string; name: string; requestingUnitId: string }) =>
    copy.mutate({ id: template.id, ...values, name: values.name.trim() || undefined }, { onSuccess: (c) => void navigate(`/bieu-mau/${c.id}`) });
  return (
    <Modal open title={t('templates.actions.copyTitle')} onCancel={onClose} onOk={() => form.submit()} okText={t('templates.actions.copy')} cancelText={t('common.cancel')} confirmLoading={copy.isPending}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ code: `${template.code}-BS`, name: template.name, requestingUnitId: user.unitId }}>
        <Form.Item name="code" label={t('templates.code')} rules={[{ required: true, message: t('templates.fieldRequired') }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="name" label={t('templates.name')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="requestingUnitId" label={t('templates.requestingUnit')} rules={[{ required: true }]}>
          <UnitTreeSelect style={{ width: '100%' }} />
        </Form.Item>
      </Form>
      {copy.isError && <div style={{ color: '#cf1322' }}>{errorMessage(copy.error)}</div>}
    </Modal>
  );
}
