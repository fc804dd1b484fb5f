import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { CalendarYear, StoredCalendarOverride } from '@baocao/core';
import { App, Button, Card, DatePicker, Flex, Form, Input, Radio, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api/problem';
import { formatDateTime } from '../../shared/format';
import { useRemoveOverride, useSetOverride } from './api';
import { useDayLabel } from './day-label';

type Values = { date?: Dayjs | null; kind: 'off' | 'working'; note?: string };

/** The operator's entries of a year (swapped days off, make-up working days); the administrator adds and removes them. */
export function OverridesCard({ year, calendar, canManage }: { year: number; calendar: CalendarYear | undefined; canManage: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const set = useSetOverride();
  const remove = useRemoveOverride();
  const dayLabel = useDayLabel();

  const add = (v: Values) => {
    if (!v.date) return;
    set.mutate(
      { date: v.date.format('YYYY-MM-DD'), kind: v.kind, note: v.note?.trim() ?? '' },
      {
        onSuccess: () => {
          void message.success(t('regimes.calendar.overrideSaved'));
          form.resetFields();
        },
        onError: (error) => void message.error(errorMessage(error)),
      },
    );
  };

  const confirmRemove = (o: StoredCalendarOverride) =>
    modal.confirm({
      title: t('regimes.calendar.removeConfirm', { date: dayLabel(o.date) }),
      okText: t('regimes.calendar.remove'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        remove
          .mutateAsync(o.date)
          .then(() => void message.success(t('regimes.calendar.removed')))
          .catch((error: unknown) => void message.error(errorMessage(error))),
    });

  const columns: TableColumnsType<StoredCalendarOverride> = [
    { title: t('regimes.calendar.date'), dataIndex: 'date', width: 200, render: (d: string) => dayLabel(d) },
    {
      title: t('regimes.calendar.overrideKind'),
      dataIndex: 'kind',
      width: 120,
      render: (k: StoredCalendarOverride['kind']) => <Tag color={k === 'off' ? 'blue' : 'purple'}>{t(`regimes.calendar.override.${k}`)}</Tag>,
    },
    { title: t('regimes.calendar.note'), dataIndex: 'note' },
    { title: t('regimes.calendar.enteredBy'), width: 260, render: (_, o) => `${o.createdByName ?? t('common.none')} · ${formatDateTime(o.createdAt)}` },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            width: 90,
            render: (_: unknown, o: StoredCalendarOverride) => (
              <Button size="small" danger icon={<DeleteOutlined />} aria-label={`${t('regimes.calendar.remove')} ${o.date}`} onClick={() => confirmRemove(o)} />
            ),
          },
        ]
      : []),
  ];

  return (
    <Card title={t('regimes.calendar.overrides', { year })}>
      {canManage && (
        <Form<Values> form={form} layout="inline" initialValues={{ kind: 'off' }} onFinish={add} style={{ marginBottom: 16, rowGap: 8 }}>
          <Form.Item name="date" label={t('regimes.calendar.date')} rules={[{ required: true, message: t('regimes.form.required') }]}>
            <DatePicker format="DD/MM/YYYY" placeholder={t('regimes.form.pickDate')} />
          </Form.Item>
          <Form.Item name="kind">
            <Radio.Group
              optionType="button"
              options={(['off', 'working'] as const).map((k) => ({ value: k, label: t(`regimes.calendar.override.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('regimes.calendar.note')} style={{ minWidth: 360 }}>
            <Input maxLength={500} placeholder={t('regimes.calendar.notePlaceholder')} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={set.isPending}>
              {t('regimes.calendar.add')}
            </Button>
          </Form.Item>
        </Form>
      )}
      <Table<StoredCalendarOverride>
        rowKey="date"
        size="small"
        dataSource={calendar?.overrides ?? []}
        columns={columns}
        pagination={false}
        locale={{ emptyText: <Typography.Text type="secondary">{t('regimes.calendar.noOverrides', { year })}</Typography.Text> }}
      />
      <Flex style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">{t('regimes.calendar.overridesHint')}</Typography.Text>
      </Flex>
    </Card>
  );
}
