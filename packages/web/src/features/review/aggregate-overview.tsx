import type { AggregateView, TemplateGrid } from '@baocao/core';
import { Alert, Card, Col, Flex, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AggregateSources, QualityWarnings } from './aggregate-sources';
import { ContributionPopover } from './contribution-popover';
import { FormTable, type CellMark } from './form-table';
import { cellLabel, fixedValues } from './form-values';

type Props = {
  view: AggregateView;
  /** Null for a narrative template, which has no table to roll up. */
  grid: TemplateGrid | null;
  /** Under the "still missing" banner: what the reader can do about it on this page. */
  missingHint: string;
  sourcesTitle?: string;
};

/**
 * Everything an aggregate shows, whoever asks for it (an aggregating unit, or the requesting unit for a
 * whole round): who is missing, each source, quality warnings and the figures with each unit's share.
 */
export function AggregateOverview({ view: v, grid, missingHint, sourcesTitle }: Props) {
  const { t } = useTranslation();
  const [cell, setCell] = useState<string | null>(null);
  const values = grid ? { ...fixedValues(grid), ...v.computed, ...v.inputs } : {};

  return (
    <Flex vertical gap={16}>
      {v.missing.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          data-testid="missing-banner"
          title={t('review.missingBanner', { count: v.missing.length, units: v.missing.map((m) => m.unitName).join(', ') })}
          description={missingHint}
        />
      ) : (
        <Alert type="success" showIcon title={t('review.aggregate.allSent', { count: v.sources.length })} />
      )}

      {v.changedSinceApplied.length > 0 && (
        <Alert
          type="info"
          showIcon
          data-testid="changed-since-applied"
          title={t('review.aggregate.changedSinceApplied', { count: v.changedSinceApplied.length })}
          description={grid && v.changedSinceApplied.map((c) => cellLabel(grid, c)).join('; ')}
        />
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={14}>
          <AggregateSources view={v} title={sourcesTitle} />
        </Col>
        <Col xs={24} xxl={10}>
          {grid && <QualityWarnings view={v} grid={grid} />}
        </Col>
      </Row>

      <Card title={t('review.aggregate.figures')} extra={<Typography.Text type="secondary">{t('review.aggregate.clickHint')}</Typography.Text>}>
        {grid ? (
          <FormTable
            grid={grid}
            values={values}
            testId="aggregate-form"
            marks={{ ...Object.fromEntries(v.changedSinceApplied.map((c) => [c, 'changed' as CellMark])), ...(cell ? { [cell]: 'selected' as CellMark } : {}) }}
            onCellClick={setCell}
            renderCell={(key, shown) => {
              const text = shown && v.contributions[key] ? <Typography.Link>{shown}</Typography.Link> : <span>{shown}</span>;
              return key === cell ? (
                <ContributionPopover view={v} grid={grid} cell={key} onClose={() => setCell(null)}>
                  {text}
                </ContributionPopover>
              ) : (
                text
              );
            }}
          />
        ) : (
          <Alert type="info" showIcon title={t('review.aggregate.narrative')} />
        )}
      </Card>
    </Flex>
  );
}
