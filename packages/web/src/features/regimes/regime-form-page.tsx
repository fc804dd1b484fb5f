import { vietnamDateOf } from '@baocao/core';
import { Alert, App, Button, Card, Col, Flex, Form, Radio, Row, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan, useSession } from '../../app/session';
import { ApiError } from '../../shared/api/client';
import { errorMessage, showFieldErrors } from '../../shared/api/problem';
import { ErrorResult } from '../../shared/ui/error-result';
import { useDebounced } from '../templates/use-debounced';
import { useCreateRegime } from './api';
import { CommonFields } from './common-fields';
import { previewReady, toCreateInput, type RegimeFormValues } from './regime-form-values';
import { RegimePreviewPanel } from './regime-preview';
import { AdHocFields, PeriodicFields, ThematicFields } from './schedule-fields';
import { TargetsBuilder } from './targets-builder';

/** /che-do-bao-cao/moi: one form for the three kinds of regime, with the server's live preview beside it. */
export function RegimeFormPage() {
  const canManage = useCan('regime.manage');
  return canManage ? <RegimeForm /> : <ErrorResult forbidden />;
}

function RegimeForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { user } = useSession();
  const [form] = Form.useForm<RegimeFormValues>();
  const create = useCreateRegime();
  const initial = useMemo<RegimeFormValues>(() => {
    const today = dayjs(vietnamDateOf(new Date()));
    return {
      kind: 'periodic',
      requestingUnitId: user.unitId,
      templateIds: [],
      targets: [{ type: 'units' }],
      legalBasis: '',
      reminderDaysBefore: [3, 1],
      periodicity: 'month',
      cutoffKind: 'decree_09',
      deadlineKind: 'working_days_after_cutoff',
      deadlineDays: 2,
      deadlineMonthOffset: 0,
      startsOn: today,
      asOf: today,
      rounds: [{ label: t('regimes.form.roundDefault', { n: 1 }) }],
    };
  }, [user.unitId, t]);
  const [values, setValues] = useState<RegimeFormValues>(initial);
  const settled = useDebounced(values, 500);
  const previewInput = useMemo(() => (previewReady(settled) ? toCreateInput(settled, true) : null), [settled]);
  const kind = values.kind;

  const submit = (v: RegimeFormValues) => {
    create.mutate(toCreateInput(v), {
      onSuccess: (saved) => {
        void message.success(t('regimes.form.created', { code: saved.code }));
        void navigate(`/che-do-bao-cao/${saved.id}`);
      },
      onError: (error) => showFieldErrors(form, error),
    });
  };

  const problemDetails = create.error instanceof ApiError ? (create.error.problem.errors ?? []) : [];

  return (
    <Card title={t('regimes.form.title')}>
      <Row gutter={24}>
        <Col xs={24} xl={14}>
          <Form<RegimeFormValues>
            form={form}
            layout="vertical"
            requiredMark="optional"
            initialValues={initial}
            onValuesChange={(_, all) => setValues(all)}
            onFinish={submit}
          >
            <Form.Item name="kind" label={t('regimes.form.kind')} required extra={t(`regimes.kindHint.${kind}`)}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={(['periodic', 'thematic', 'ad_hoc'] as const).map((k) => ({ value: k, label: t(`regimes.kindName.${k}`) }))}
              />
            </Form.Item>
            <Typography.Title level={5}>{t('regimes.form.general')}</Typography.Title>
            <CommonFields />
            <Typography.Title level={5}>{t('regimes.form.targets')}</Typography.Title>
            <Form.Item>
              <TargetsBuilder />
            </Form.Item>
            <Typography.Title level={5}>{t(`regimes.form.scheduleTitle.${kind}`)}</Typography.Title>
            {kind === 'periodic' && <PeriodicFields />}
            {kind === 'thematic' && <ThematicFields />}
            {kind === 'ad_hoc' && <AdHocFields />}
            {create.isError && !problemDetails.length && <Alert type="error" showIcon title={errorMessage(create.error)} style={{ marginBottom: 16 }} />}
            {problemDetails.length > 0 && (
              <Alert
                type="error"
                showIcon
                title={errorMessage(create.error)}
                description={problemDetails.map((e) => (
                  <div key={`${e.path}:${e.message}`}>{e.message}</div>
                ))}
                style={{ marginBottom: 16 }}
              />
            )}
            <Flex gap={8}>
              <Button type="primary" htmlType="submit" loading={create.isPending}>
                {t(kind === 'ad_hoc' ? 'regimes.form.submitAdHoc' : 'regimes.form.submit')}
              </Button>
              <Button onClick={() => void navigate('/che-do-bao-cao')}>{t('common.cancel')}</Button>
            </Flex>
          </Form>
        </Col>
        <Col xs={24} xl={10}>
          <RegimePreviewPanel input={previewInput} />
        </Col>
      </Row>
    </Card>
  );
}

