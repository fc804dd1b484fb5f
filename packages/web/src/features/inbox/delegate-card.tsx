import type { AssignmentDetail } from '@baocao/core';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { errorMessage, showFieldErrors } from '../../shared/api/problem';
import { useDelegate } from './api';
import { formatDay, lastInternalDay, outsideRange, serverToday, toDay } from './dates';
import { useDueRules } from './due-rules';

type Values = { unitIds: string[]; dueOn: Dayjs; note?: string };

/** R16: pass the work on to subordinate units or divisions, with an internal deadline before the unit's own. */
export function DelegateCard({ a }: { a: AssignmentDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const delegate = useDelegate();
  const { user } = useSession();
  const today = serverToday(a, user.id);
  const dueRules = useDueRules(today, a.dueOn, true);
  // The server leaves out units that already hold a live delegation; a withdrawn one may be given again.
  const options = a.subordinateUnits.map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }));

  const submit = (v: Values) =>
    delegate.mutate(
      { id: a.id, unitIds: v.unitIds, dueOn: toDay(v.dueOn), note: v.note?.trim() ?? '' },
      {
        onSuccess: () => {
          void message.success(t('inbox.delegate.done', { count: v.unitIds.length }));
          form.resetFields();
        },
        onError: (error) => showFieldErrors(form, error),
      },
    );

  return (
    <Card title={t('inbox.delegate.title')} style={{ height: '100%' }}>
      {options.length === 0 ? (
        <Typography.Text type="secondary">{t('inbox.delegate.noUnits')}</Typography.Text>
      ) : (
        <Form<Values> form={form} name="delegate" layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="unitIds" label={t('inbox.delegate.units')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} placeholder={t('inbox.delegate.unitsPlaceholder')} options={options} />
          </Form.Item>
          <Form.Item name="dueOn" label={t('inbox.delegate.dueOn')} rules={dueRules} extra={t('inbox.delegate.dueHint', { date: formatDay(a.dueOn) })}>
            <DatePicker format="DD/MM/YYYY" placeholder={t('inbox.pickDate')} disabledDate={outsideRange(today, lastInternalDay(a.dueOn))} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="note" label={t('inbox.delegate.note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          {delegate.isError && <Alert type="error" showIcon title={errorMessage(delegate.error)} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={delegate.isPending}>
            {t('inbox.delegate.submit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
