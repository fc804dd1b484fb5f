import type { Indicator } from '@baocao/core';
import { Descriptions, Drawer, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SetStatusTag } from './set-tags';

type Props = { indicator: Indicator | null; onClose: () => void; showSet?: boolean; extra?: React.ReactNode };

/** Everything the library says about one indicator: concept, method, disaggregations, periodicity, source, responsible body. */
export function IndicatorDrawer({ indicator, onClose, showSet, extra }: Props) {
  const { t } = useTranslation();
  const text = (value: string | null | undefined) =>
    value ? <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-line' }}>{value}</Typography.Paragraph> : t('common.none');
  return (
    <Drawer open={!!indicator} onClose={onClose} size={560} title={t('catalog.details')} extra={extra} destroyOnHidden>
      {indicator && (
        <Flex vertical gap={16}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {indicator.code} — {indicator.name}
          </Typography.Title>
          {!indicator.active && <Tag>{t('catalog.inactive')}</Tag>}
          <Descriptions column={1} bordered size="small" styles={{ label: { width: 190 } }}>
            {showSet && (
              <Descriptions.Item label={t('catalog.set')}>
                <Flex gap={8} align="center" wrap>
                  <Link to={`/chi-tieu/${indicator.setId}`}>
                    {indicator.setCode} · {t('catalog.versionNo', { version: indicator.setVersion })}
                  </Link>
                  <SetStatusTag status={indicator.setStatus} />
                </Flex>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('catalog.parent')}>{indicator.parentCode ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('catalog.unitOfMeasure')}>{indicator.unitOfMeasure ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('catalog.fieldGroup')}>{indicator.fieldGroup ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('catalog.periodicityLabel')}>
              {indicator.periodicity.map((p) => t(`catalog.periodicity.${p}`)).join(', ')}
            </Descriptions.Item>
            <Descriptions.Item label={t('catalog.concept')}>{text(indicator.concept)}</Descriptions.Item>
            <Descriptions.Item label={t('catalog.calculationMethod')}>{text(indicator.calculationMethod)}</Descriptions.Item>
            <Descriptions.Item label={t('catalog.mainDisaggregations')}>{text(indicator.mainDisaggregations)}</Descriptions.Item>
            <Descriptions.Item label={t('catalog.dataSource')}>{text(indicator.dataSource)}</Descriptions.Item>
            <Descriptions.Item label={t('catalog.responsibleUnit')}>
              {text([indicator.responsibleUnit, indicator.responsibleUnitCode && `(${indicator.responsibleUnitCode})`].filter(Boolean).join(' '))}
            </Descriptions.Item>
          </Descriptions>
        </Flex>
      )}
    </Drawer>
  );
}
