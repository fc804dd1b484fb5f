import { PERIODICITIES, type Indicator, type Periodicity } from '@baocao/core';
import { App, Alert, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage, showFieldErrors } from '../../shared/api/problem';
import { useCreateIndicator, useFieldGroups, useUnitsOfMeasure, useUpdateIndicator } from './api';

type Values = {
  code: string;
  name: string;
  parentId?: string;
  unitOfMeasureId?: string;
  fieldGroupId?: string;
  periodicity: Periodicity[];
  concept?: string;
  calculationMethod?: string;
  mainDisaggregations?: string;
  dataSource?: string;
  responsibleUnit?: string;
};

type Props = {
  setId: string;
  /** The indicator being edited; undefined to add one. */
  indicator?: Indicator;
  /** Indicators of the set, candidates for the parent. */
  siblings: Indicator[];
  open: boolean;
  onClose: () => void;
};

/** Adds an indicator to a draft set, or changes one of its indicators. */
export function IndicatorFormModal({ setId, indicator, siblings, open, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const fieldGroups = useFieldGroups();
  const units = useUnitsOfMeasure();
  const create = useCreateIndicator();
  const update = useUpdateIndicator();
  const saving = indicator ? update : create;

  const close = () => {
    create.reset();
    update.reset();
    onClose();
  };

  const submit = (v: Values) => {
    const input = {
      code: v.code.trim(),
      name: v.name.trim(),
      parentId: v.parentId ?? null,
      unitOfMeasureId: v.unitOfMeasureId ?? null,
      fieldGroupId: v.fieldGroupId ?? null,
      periodicity: PERIODICITIES.filter((p) => v.periodicity.includes(p)),
      concept: v.concept?.trim() ?? '',
      calculationMethod: v.calculationMethod?.trim() ?? '',
      mainDisaggregations: v.mainDisaggregations?.trim() ?? '',
      dataSource: v.dataSource?.trim() ?? '',
      responsibleUnit: v.responsibleUnit?.trim() ?? '',
    };
    const done = {
      onSuccess: () => {
        void message.success(t('catalog.indicatorSaved'));
        close();
      },
      onError: (error: unknown) => showFieldErrors(form, error),
    };
    if (indicator) update.mutate({ id: indicator.id, ...input }, done);
    else create.mutate({ setId, ...input, responsibleUnitId: null }, done);
  };

  const initial: Partial<Values> = indicator
    ? {
        code: indicator.code,
        name: indicator.name,
        parentId: indicator.parentId ?? undefined,
        unitOfMeasureId: indicator.unitOfMeasureId ?? undefined,
        fieldGroupId: indicator.fieldGroupId ?? undefined,
        periodicity: indicator.periodicity,
        concept: indicator.concept,
        calculationMethod: indicator.calculationMethod,
        mainDisaggregations: indicator.mainDisaggregations,
        dataSource: indicator.dataSource,
        responsibleUnit: indicator.responsibleUnit,
      }
    : { periodicity: ['year'] };
  const required = [{ required: true, message: t('validation.required') }];

  return (
    <Modal
      open={open}
      title={indicator ? t('catalog.editIndicator') : t('catalog.addIndicator')}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving.isPending }}
      width={720}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} preserve={false} initialValues={initial}>
        <Form.Item name="code" label={t('catalog.code')} rules={required}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="name" label={t('catalog.name')} rules={required}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="parentId" label={t('catalog.parent')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={siblings.filter((s) => s.id !== indicator?.id).map((s) => ({ value: s.id, label: `${s.code} — ${s.name}` }))}
          />
        </Form.Item>
        <Form.Item name="unitOfMeasureId" label={t('catalog.unitOfMeasure')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="fieldGroupId" label={t('catalog.fieldGroup')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(fieldGroups.data ?? []).map((g) => ({ value: g.id, label: g.name }))} />
        </Form.Item>
        <Form.Item name="periodicity" label={t('catalog.periodicityLabel')} rules={required}>
          <Select mode="multiple" options={PERIODICITIES.map((p) => ({ value: p, label: t(`catalog.periodicity.${p}`) }))} />
        </Form.Item>
        <Form.Item name="concept" label={t('catalog.concept')}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Form.Item name="calculationMethod" label={t('catalog.calculationMethod')}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Form.Item name="mainDisaggregations" label={t('catalog.mainDisaggregations')}>
          <Input maxLength={2000} />
        </Form.Item>
        <Form.Item name="dataSource" label={t('catalog.dataSource')}>
          <Input maxLength={1000} />
        </Form.Item>
        <Form.Item name="responsibleUnit" label={t('catalog.responsibleUnit')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
      {saving.isError && <Alert type="error" showIcon title={errorMessage(saving.error)} />}
    </Modal>
  );
}
