import type { Incident, IncidentStatus, MaintenanceWindow, Outage, UnitTreeNode } from '@baocao/core';
import { Alert, App, Button, Card, Checkbox, DatePicker, Flex, Form, Input, Popconfirm, Select, Table, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api/problem';
import { formatDateTime } from '../../shared/format';
import { useUnitTree } from '../units/api';
import {
  useCancelMaintenance, useCancelOutage, useDeclareOutage, useIncidents, useMaintenanceWindows, useOutages, useScheduleMaintenance, useUpdateIncident,
} from './api';

/** The wall-clock time picked, read as Vietnam time whatever the browser's zone. */
const vn = (d: Dayjs) => `${d.format('YYYY-MM-DDTHH:mm')}:00+07:00`;
const hm = (iso: string) => formatDateTime(iso).slice(0, 16);
const flatten = (nodes: UnitTreeNode[]): UnitTreeNode[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

const STATUS_COLOR: Record<string, string> = { scheduled: 'blue', announced: 'gold', in_progress: 'red', ended: 'default', cancelled: 'default', new: 'red', resolved: 'green' };

/** Vận hành: maintenance notices (R31), outages (R32) and incidents (R33). The operator (system administrator). */
export function OperationsPage() {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3} style={{ margin: 0 }}>{t('operations.title')}</Typography.Title>
      <Tabs
        items={[
          { key: 'incidents', label: t('operations.tabs.incidents'), children: <IncidentsTab /> },
          { key: 'maintenance', label: t('operations.tabs.maintenance'), children: <MaintenanceTab /> },
          { key: 'outages', label: t('operations.tabs.outages'), children: <OutagesTab /> },
        ]}
      />
    </Flex>
  );
}

type MaintenanceValues = { range: [Dayjs, Dayjs]; changes: string; message: string; emergency: boolean; emergencyReason?: string };

function MaintenanceTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const windows = useMaintenanceWindows();
  const schedule = useScheduleMaintenance();
  const cancel = useCancelMaintenance();
  const [form] = Form.useForm<MaintenanceValues>();
  const emergency = Form.useWatch('emergency', form);
  const submit = (v: MaintenanceValues) =>
    schedule.mutate(
      { startsAt: vn(v.range[0]), endsAt: vn(v.range[1]), changes: v.changes, message: v.message, emergency: !!v.emergency, emergencyReason: v.emergency ? (v.emergencyReason ?? null) : null },
      { onSuccess: () => { void message.success(t('operations.maintenance.scheduled')); form.resetFields(); } },
    );
  return (
    <Flex vertical gap={16}>
      <Card title={t('operations.maintenance.new')}>
        <Typography.Paragraph type="secondary">{t('operations.maintenance.rule')}</Typography.Paragraph>
        {schedule.isError && <Alert type="error" showIcon title={errorMessage(schedule.error)} style={{ marginBottom: 12 }} />}
        <Form<MaintenanceValues> form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 720 }}>
          <Form.Item name="range" label={t('operations.maintenance.range')} rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker.RangePicker needConfirm={false} showTime={{ format: 'HH:mm' }} format="DD/MM/YYYY HH:mm" aria-label={t('operations.maintenance.range')} />
          </Form.Item>
          <Form.Item name="message" label={t('operations.maintenance.message')} extra={t('operations.maintenance.messageHint')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Form.Item name="changes" label={t('operations.maintenance.changes')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="emergency" valuePropName="checked">
            <Checkbox>{t('operations.maintenance.emergency')}</Checkbox>
          </Form.Item>
          {emergency && (
            <Form.Item name="emergencyReason" label={t('operations.maintenance.emergencyReason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input maxLength={1000} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={schedule.isPending}>{t('operations.maintenance.schedule')}</Button>
        </Form>
      </Card>
      <Table<MaintenanceWindow>
        rowKey="id"
        loading={windows.isLoading}
        dataSource={windows.data ?? []}
        pagination={false}
        columns={[
          { title: t('operations.maintenance.when'), render: (_, w) => `${hm(w.startsAt)} – ${hm(w.endsAt)}` },
          { title: t('operations.maintenance.message'), dataIndex: 'message' },
          { title: t('operations.maintenance.changes'), dataIndex: 'changes' },
          { title: t('operations.status'), render: (_, w) => <Flex vertical gap={4}><Tag color={STATUS_COLOR[w.status]}>{t(`operations.maintenance.status.${w.status}`)}</Tag>{w.emergency && <Tag color="red">{t('operations.maintenance.emergencyTag')}: {w.emergencyReason}</Tag>}</Flex> },
          {
            title: '',
            render: (_, w) => ['scheduled', 'announced', 'in_progress'].includes(w.status) && (
              <Popconfirm title={t('operations.maintenance.cancelConfirm')} okText={t('common.confirm')} cancelText={t('common.close')} onConfirm={() => cancel.mutate(w.id)}>
                <Button danger size="small">{t('operations.maintenance.cancel')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Flex>
  );
}

function IncidentsTab() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<IncidentStatus | undefined>(undefined);
  const incidents = useIncidents(status);
  const update = useUpdateIncident();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const move = (i: Incident, to?: IncidentStatus) => update.mutate({ id: i.id, status: to, note: notes[i.id]?.trim() || t(`operations.incident.statusNote.${to ?? 'new'}`) }, { onSuccess: () => setNotes((n) => ({ ...n, [i.id]: '' })) });
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center">
        <Typography.Text>{t('operations.status')}:</Typography.Text>
        <Select<IncidentStatus | 'all'> style={{ width: 200 }} value={status ?? 'all'} onChange={(v) => setStatus(v === 'all' ? undefined : v)}
          options={[{ value: 'all', label: t('operations.incident.all') }, ...(['new', 'in_progress', 'resolved'] as const).map((s) => ({ value: s, label: t(`operations.incident.status.${s}`) }))]} />
      </Flex>
      {update.isError && <Alert type="error" showIcon title={errorMessage(update.error)} />}
      <Table<Incident>
        rowKey="id"
        loading={incidents.isLoading}
        dataSource={incidents.data ?? []}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: t('operations.incident.none') }}
        expandable={{
          expandedRowRender: (i) => (
            <Flex vertical gap={8}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{i.description}</Typography.Paragraph>
              <Typography.Text type="secondary">{t('operations.incident.page')}: {i.pageUrl} · {t('operations.incident.requestId')}: {i.requestId ?? '—'} · {i.userAgent}</Typography.Text>
              {i.notes.map((n, k) => <Typography.Text key={k}>{formatDateTime(n.createdAt)} · {n.authorName}{n.status ? ` → ${t(`operations.incident.status.${n.status}`)}` : ''}: {n.text}</Typography.Text>)}
              <Input.TextArea rows={2} value={notes[i.id] ?? ''} placeholder={t('operations.incident.notePlaceholder')} onChange={(e) => setNotes((n) => ({ ...n, [i.id]: e.target.value }))} />
              <Flex gap={8}>
                <Button onClick={() => move(i)} disabled={!notes[i.id]?.trim()}>{t('operations.incident.addNote')}</Button>
                {i.status !== 'in_progress' && <Button onClick={() => move(i, 'in_progress')}>{t('operations.incident.toInProgress')}</Button>}
                {i.status !== 'resolved' && <Button type="primary" onClick={() => move(i, 'resolved')}>{t('operations.incident.toResolved')}</Button>}
              </Flex>
            </Flex>
          ),
        }}
        columns={[
          { title: t('operations.incident.number'), dataIndex: 'number', width: 70 },
          { title: t('operations.incident.time'), render: (_, i) => formatDateTime(i.createdAt), width: 170 },
          { title: t('operations.incident.kind'), render: (_, i) => t(`operations.incident.kinds.${i.kind}`), width: 140 },
          { title: t('operations.incident.subject'), dataIndex: 'subject' },
          { title: t('operations.incident.reporter'), render: (_, i) => `${i.reporterName} · ${i.unitName}` },
          { title: t('operations.status'), render: (_, i) => <Tag color={STATUS_COLOR[i.status] ?? 'blue'}>{t(`operations.incident.status.${i.status}`)}</Tag>, width: 130 },
        ]}
      />
    </Flex>
  );
}

type OutageValues = { range: [Dayjs, Dayjs]; reason: string; unitIds?: string[] };

function OutagesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const outages = useOutages();
  const declare = useDeclareOutage();
  const cancel = useCancelOutage();
  const tree = useUnitTree();
  const [form] = Form.useForm<OutageValues>();
  const units = flatten(tree.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  const submit = (v: OutageValues) =>
    declare.mutate({ startsAt: vn(v.range[0]), endsAt: vn(v.range[1]), reason: v.reason, unitIds: v.unitIds ?? [] }, {
      onSuccess: (o) => { void message.success(t('operations.outage.declared', { date: o.extendsTo.split('-').reverse().join('/') })); form.resetFields(); },
    });
  return (
    <Flex vertical gap={16}>
      <Card title={t('operations.outage.new')}>
        <Typography.Paragraph type="secondary">{t('operations.outage.rule')}</Typography.Paragraph>
        {declare.isError && <Alert type="error" showIcon title={errorMessage(declare.error)} style={{ marginBottom: 12 }} />}
        <Form<OutageValues> form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 720 }}>
          <Form.Item name="range" label={t('operations.outage.range')} rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker.RangePicker needConfirm={false} showTime={{ format: 'HH:mm' }} format="DD/MM/YYYY HH:mm" />
          </Form.Item>
          <Form.Item name="reason" label={t('operations.outage.reason')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="unitIds" label={t('operations.outage.units')} extra={t('operations.outage.unitsHint')}>
            <Select mode="multiple" options={units} optionFilterProp="label" allowClear />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={declare.isPending}>{t('operations.outage.declare')}</Button>
        </Form>
      </Card>
      <Table<Outage>
        rowKey="id"
        loading={outages.isLoading}
        dataSource={outages.data ?? []}
        pagination={false}
        columns={[
          { title: t('operations.outage.range'), render: (_, o) => `${hm(o.startsAt)} – ${hm(o.endsAt)}` },
          { title: t('operations.outage.reason'), dataIndex: 'reason' },
          { title: t('operations.outage.units'), render: (_, o) => (o.units.length ? o.units.map((u) => u.name).join(', ') : t('operations.outage.allUnits')) },
          { title: t('operations.outage.extendsTo'), render: (_, o) => o.extendsTo.split('-').reverse().join('/') },
          {
            title: '',
            render: (_, o) => o.cancelledAt ? <Tag>{t('operations.outage.cancelled')}</Tag> : (
              <Popconfirm title={t('operations.outage.cancelConfirm')} okText={t('common.confirm')} cancelText={t('common.close')} onConfirm={() => cancel.mutate(o.id)}>
                <Button danger size="small">{t('operations.outage.cancel')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Flex>
  );
}
