import { UserOutlined } from '@ant-design/icons';
import type { AssignmentDetail } from '@baocao/core';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { errorMessage } from '../../shared/api/problem';
import { useAssignPerson } from './api';
import { formatDay, lastInternalDay, outsideRange, serverToday, toDay } from './dates';
import { useDueRules } from './due-rules';

type Values = { userId: string; dueOn?: Dayjs | null };

/** R16: the leader gives the work to a named person of the unit (optionally with an internal deadline), or takes it back. */
export function AssignPersonCard({ a }: { a: AssignmentDetail }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const assign = useAssignPerson();
  const { user } = useSession();
  const today = serverToday(a, user.id);
  const dueRules = useDueRules(today, a.dueOn, false);

  const submit = (v: Values) => {
    const person = a.candidates.find((c) => c.id === v.userId);
    assign.mutate(
      { id: a.id, userId: v.userId, dueOn: v.dueOn ? toDay(v.dueOn) : null },
      {
        onSuccess: () => {
          void message.success(t('inbox.person.assigned', { name: person?.fullName ?? '' }));
          form.resetFields();
        },
      },
    );
  };

  const takeBack = () =>
    modal.confirm({
      title: t('inbox.person.takeBackConfirm', { name: a.assigneeName ?? '' }),
      okText: t('inbox.person.takeBack'),
      cancelText: t('common.cancel'),
      onOk: () =>
        assign
          .mutateAsync({ id: a.id, userId: null, dueOn: null })
          .then(() => void message.success(t('inbox.person.takenBack')))
          .catch(() => undefined), // the card shows the refusal under the form
    });

  const options = a.candidates.map((c) => ({
    value: c.id,
    label: c.unitName === a.unitName ? `${c.fullName} (${c.username})` : `${c.fullName} (${c.username}) — ${c.unitName}`,
  }));

  return (
    <Card title={t('inbox.person.title')} style={{ height: '100%' }}>
      <Flex gap={8} align="center" wrap style={{ marginBottom: 16 }}>
        {a.assigneeName ? (
          <>
            <Typography.Text>
              {t('inbox.person.current')}: <UserOutlined /> <Typography.Text strong>{a.assigneeName}</Typography.Text>
              {a.assigneeDueOn && <Typography.Text type="secondary"> ({t('inbox.assigneeDue', { date: formatDay(a.assigneeDueOn) })})</Typography.Text>}
            </Typography.Text>
            <Button size="small" onClick={takeBack}>
              {t('inbox.person.takeBack')}
            </Button>
          </>
        ) : (
          <Typography.Text type="secondary">{t('inbox.person.none')}</Typography.Text>
        )}
      </Flex>
      {assign.isError && <Alert type="error" showIcon title={errorMessage(assign.error)} style={{ marginBottom: 16 }} />}
      {a.candidates.length === 0 ? (
        <Typography.Text type="secondary">{t('inbox.person.noCandidates')}</Typography.Text>
      ) : (
        <Form<Values> form={form} name="assign-person" layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="userId" label={t('inbox.person.pick')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} placeholder={t('inbox.person.pickPlaceholder')} options={options} />
          </Form.Item>
          <Form.Item name="dueOn" label={t('inbox.person.dueOn')} rules={dueRules} extra={t('inbox.delegate.dueHint', { date: formatDay(a.dueOn) })}>
            <DatePicker format="DD/MM/YYYY" placeholder={t('inbox.pickDate')} disabledDate={outsideRange(today, lastInternalDay(a.dueOn))} style={{ width: 200 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={assign.isPending}>
            {t('inbox.person.assign')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
