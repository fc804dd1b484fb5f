import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { UNIT_KINDS, type RegimeTarget } from '@baocao/core';
import { Button, Flex, Form, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUnitGroups } from './api';
import { UnitsPicker } from './units-picker';

const TARGET_TYPES: RegimeTarget['type'][] = ['units', 'kind', 'level', 'group', 'external'];
const EXTERNAL_KINDS = ['organisation', 'individual'] as const;

/**
 * The `targets` list of a regime form: each row one way of naming who reports (explicit units, every
 * unit of a kind or a level, a unit group, outside organisations and individuals).
 */
export function TargetsBuilder() {
  const { t } = useTranslation();
  const requesterId = Form.useWatch<string | undefined>('requestingUnitId', Form.useFormInstance());
  const groups = useUnitGroups();
  return (
    <Form.List
      name="targets"
      rules={[
        {
          validator: async (_, rows: unknown[] | undefined) => {
            if (!rows?.length) throw new Error(t('regimes.form.targetsRequired'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Flex vertical gap={8}>
          {fields.map((field, i) => (
            <Flex key={field.key} gap={8} align="start">
              <Form.Item name={[field.name, 'type']} noStyle>
                <Select
                  aria-label={`${t('regimes.form.targetType')} ${i + 1}`}
                  style={{ width: 260, flex: 'none' }}
                  options={TARGET_TYPES.map((type) => ({ value: type, label: t(`regimes.targetType.${type}`) }))}
                />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.targets?.[field.name]?.type !== b.targets?.[field.name]?.type}>
                {({ getFieldValue }) => {
                  const type = getFieldValue(['targets', field.name, 'type']) as RegimeTarget['type'] | undefined;
                  const rule = [{ required: true, message: t('regimes.form.required') }];
                  const label = `${t('regimes.form.targetValue')} ${i + 1}`;
                  return (
                    <div style={{ flex: 1, minWidth: 0 }}>
                      {type === 'units' && (
                        <Form.Item name={[field.name, 'unitIds']} rules={rule} style={{ marginBottom: 0 }}>
                          <UnitsPicker requesterId={requesterId} aria-label={label} placeholder={t('regimes.form.pickUnits')} />
                        </Form.Item>
                      )}
                      {type === 'external' && (
                        <Form.Item name={[field.name, 'unitIds']} rules={rule} style={{ marginBottom: 0 }}>
                          <UnitsPicker requesterId={requesterId} aria-label={label} kinds={EXTERNAL_KINDS} placeholder={t('regimes.form.pickExternal')} />
                        </Form.Item>
                      )}
                      {type === 'kind' && (
                        <Form.Item name={[field.name, 'unitKind']} rules={rule} style={{ marginBottom: 0 }}>
                          <Select
                            aria-label={label}
                            placeholder={t('regimes.form.pickKind')}
                            options={UNIT_KINDS.filter((k) => k !== 'city').map((k) => ({ value: k, label: t(`unitKind.${k}`) }))}
                          />
                        </Form.Item>
                      )}
                      {type === 'level' && (
                        <Form.Item name={[field.name, 'level']} rules={rule} extra={t('regimes.form.levelHint')} style={{ marginBottom: 0 }}>
                          <InputNumber<number> aria-label={label} min={1} max={10} precision={0} style={{ width: 120 }} />
                        </Form.Item>
                      )}
                      {type === 'group' && (
                        <Form.Item name={[field.name, 'groupId']} rules={rule} style={{ marginBottom: 0 }}>
                          <Select
                            aria-label={label}
                            placeholder={t('regimes.form.pickGroup')}
                            loading={groups.isPending}
                            notFoundContent={t('regimes.groups.empty')}
                            options={(groups.data ?? []).map((g) => ({ value: g.id, label: `${g.name} (${t('regimes.groups.memberCount', { count: g.members.length })})` }))}
                          />
                        </Form.Item>
                      )}
                    </div>
                  );
                }}
              </Form.Item>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={`${t('regimes.form.removeTarget')} ${i + 1}`}
                onClick={() => remove(field.name)}
              />
            </Flex>
          ))}
          {fields.length === 0 && <Typography.Text type="secondary">{t('regimes.form.noTargets')}</Typography.Text>}
          <Form.ErrorList errors={errors} />
          <div>
            <Button icon={<PlusOutlined />} onClick={() => add({ type: 'units' })}>
              {t('regimes.form.addTarget')}
            </Button>
          </div>
        </Flex>
      )}
    </Form.List>
  );
}
