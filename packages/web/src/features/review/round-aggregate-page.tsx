import { ArrowLeftOutlined } from '@ant-design/icons';
import type { TemplateDefinition } from '@baocao/core';
import { Alert, Button, Card, Flex, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { formatDateTime } from '../../shared/format';
import { useRegime, useRoundProgress } from '../regimes/api';
import { useTemplate } from '../templates/api';
import { useRoundAggregate } from './api';
import { AggregateOverview } from './aggregate-overview';
import { gridOf } from './form-values';
import { pageState } from './page-state';

/**
 * /che-do-bao-cao/:regimeId/ky/:roundKey/tong-hop: the requesting unit's consolidation of one round over
 * every unit asked (R26, R39), one numeric template at a time (`?bieu-mau=`). Read only: the requesting
 * unit has no report of its own to take the figures into.
 */
export function RoundAggregatePage() {
  const { regimeId = '', roundKey = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const regime = useRegime(regimeId);
  const progress = useRoundProgress(regimeId, roundKey);
  const numeric = (regime.data?.templates ?? []).filter((tpl) => tpl.kind === 'numeric' && tpl.officialTemplateId);
  const picked = numeric.find((tpl) => tpl.officialTemplateId === params.get('bieu-mau')) ?? numeric[0];
  const templateId = picked?.officialTemplateId ?? undefined;
  const view = useRoundAggregate(regimeId, roundKey, templateId);
  const template = useTemplate(templateId);

  const blocked = pageState(regime);
  if (blocked || !regime.data) return blocked;
  const r = regime.data;
  const body = templateId ? pageState(view, template) : <Alert type="info" showIcon title={t('review.roundAggregate.noNumeric')} />;

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Flex align="center" gap={8} wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              aria-label={t('review.back')}
              onClick={() => void navigate(`/che-do-bao-cao/${regimeId}?ky=${encodeURIComponent(roundKey)}`)}
            />
            <span>{t('review.roundAggregate.title')}</span>
          </Flex>
        }
        extra={
          numeric.length > 1 && (
            <Flex align="center" gap={8}>
              <Typography.Text type="secondary">{t('review.roundAggregate.template')}</Typography.Text>
              <Select
                aria-label={t('review.roundAggregate.template')}
                style={{ width: 320 }}
                value={templateId}
                onChange={(id) => setParams({ 'bieu-mau': id }, { replace: true })}
                options={numeric.map((tpl) => ({ value: tpl.officialTemplateId!, label: `${tpl.code} — ${tpl.name}` }))}
              />
            </Flex>
          )
        }
      >
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          <Typography.Text strong>{r.code}</Typography.Text> — {r.name}
        </Typography.Paragraph>
        {picked && (
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            {t('review.roundAggregate.template')}: <Typography.Text strong>{picked.code}</Typography.Text> — {picked.name}
          </Typography.Paragraph>
        )}
        <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
          {t('review.round', { round: progress.data?.roundLabel ?? roundKey })}
          {view.dataUpdatedAt > 0 && ` · ${t('review.updatedAt', { time: formatDateTime(new Date(view.dataUpdatedAt).toISOString()) })}`}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('review.roundAggregate.readOnly')}</Typography.Text>
      </Card>

      {body ??
        (view.data && template.data && (
          <AggregateOverview
            view={view.data}
            grid={gridOf(template.data.definition as TemplateDefinition)}
            missingHint={t('review.roundAggregate.missingHint')}
            sourcesTitle={t('review.roundAggregate.sources', { count: view.data.sources.length })}
          />
        ))}
    </Flex>
  );
}
