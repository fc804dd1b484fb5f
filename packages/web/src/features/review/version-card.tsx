import type { SubmissionVersion, TemplateGrid } from '@baocao/core';
import { Alert, Card, Collapse, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format';
import { FormTable, markStyle, type CellMark } from './form-table';
import { cellLabel, columnOf, displayValue } from './form-values';

type Props = {
  version: SubmissionVersion;
  previous: SubmissionVersion | undefined;
  latest: boolean;
  grid: TemplateGrid | null;
  /** The version's inputs with the values computed from them, and the same for the version before. */
  values: Record<string, string | null>;
  previousValues: Record<string, string | null> | undefined;
};
type Change = { cell: string; before: string | null; after: string | null };

/** Before (struck through) → after, as the versions page and its grid show a changed cell. */
function BeforeAfter({ before, after }: { before: string; after: string }) {
  const { t } = useTranslation();
  return (
    <Flex gap={6} justify="flex-end" align="baseline" wrap>
      <Typography.Text delete type="secondary">
        {before || t('review.contribution.blank')}
      </Typography.Text>
      <span aria-hidden>→</span>
      <Typography.Text strong>{after || t('review.contribution.blank')}</Typography.Text>
    </Flex>
  );
}

/** What the reviewer decided about this version: accepted, or returned with the reason and the cells to correct. */
function ReviewNote({ review, grid }: { review: NonNullable<SubmissionVersion['review']>; grid: TemplateGrid | null }) {
  const { t } = useTranslation();
  const accepted = review.decision === 'accept';
  const who = t('review.versions.reviewBy', { name: review.byName ?? t('common.none'), time: formatDateTime(review.at) });
  return (
    <Alert
      type={accepted ? 'success' : 'error'}
      showIcon
      title={`${t(accepted ? 'review.versions.accepted' : 'review.versions.rejected')} · ${who}`}
      description={
        (review.reason || review.flaggedCells.length > 0) && (
          <Flex vertical gap={4}>
            {review.reason && <span>{t('review.versions.reason', { reason: review.reason })}</span>}
            {review.flaggedCells.length > 0 && (
              <span>
                {t('review.versions.flagged')}{' '}
                {review.flaggedCells.map((c) => (
                  <Tag key={c} color="red">
                    {grid ? cellLabel(grid, c) : c}
                  </Tag>
                ))}
              </span>
            )}
          </Flex>
        )
      }
    />
  );
}

/** One submitted version: when and by whom, its review, the cells changed since the version before, and the form as sent. */
export function VersionCard({ version: v, previous, latest, grid, values, previousValues }: Props) {
  const { t } = useTranslation();
  const changes: Change[] = Object.entries(v.changed).map(([cell, [before, after]]) => ({ cell, before, after }));
  // Totals and ratios follow the typed figures: show them moving too, marked apart from what the unit typed.
  const recomputed = new Set(
    previousValues ? Object.keys({ ...values, ...previousValues }).filter((k) => !(k in v.changed) && !(k in v.inputs) && (previousValues[k] ?? null) !== (values[k] ?? null)) : [],
  );
  const show = (cell: string, value: string | null) => (grid ? displayValue(columnOf(grid, cell), value) : (value ?? ''));
  const marks: Record<string, CellMark> = {
    ...Object.fromEntries((v.review?.flaggedCells ?? []).map((c) => [c, 'flagged' as CellMark])),
    ...Object.fromEntries([...recomputed].map((c) => [c, 'recomputed' as CellMark])),
    ...(previous ? Object.fromEntries(changes.map((c) => [c.cell, 'changed' as CellMark])) : {}),
  };

  return (
    <Card
      data-testid={`version-${v.number}`}
      title={
        <Flex gap={8} align="center" wrap>
          <span>{t('review.versions.version', { number: v.number })}</span>
          {latest && <Tag color="blue">{t('review.versions.latest')}</Tag>}
          {!v.review && latest && <Tag color="gold">{t('review.versions.awaiting')}</Tag>}
        </Flex>
      }
      extra={
        <Typography.Text type="secondary">
          {t('review.versions.sentBy', { time: formatDateTime(v.submittedAt), name: v.submittedByName ?? t('common.none') })}
        </Typography.Text>
      }
    >
      <Flex vertical gap={12}>
        {v.review && <ReviewNote review={v.review} grid={grid} />}
        {!previous ? (
          <Typography.Text type="secondary">{t('review.versions.first')}</Typography.Text>
        ) : changes.length === 0 ? (
          <Typography.Text type="secondary">{t('review.versions.unchanged', { number: previous.number })}</Typography.Text>
        ) : (
          <>
            <Typography.Text strong>{t('review.versions.changes', { count: changes.length, number: previous.number })}</Typography.Text>
            <Table<Change>
              rowKey="cell"
              size="small"
              pagination={false}
              dataSource={changes}
              columns={[
                { title: t('review.versions.cell'), key: 'cell', render: (_, c) => (grid ? cellLabel(grid, c.cell) : c.cell) },
                { title: t('review.versions.before'), key: 'before', align: 'right', width: 180, render: (_, c) => <Typography.Text delete type="secondary">{show(c.cell, c.before)}</Typography.Text> },
                { title: t('review.versions.after'), key: 'after', align: 'right', width: 180, render: (_, c) => <Typography.Text strong>{show(c.cell, c.after)}</Typography.Text> },
              ]}
            />
          </>
        )}
        {grid && (
          <Collapse
            size="small"
            defaultActiveKey={latest ? ['form'] : []}
            items={[
              {
                key: 'form',
                label: (
                  <Flex gap={12} align="center" wrap>
                    <span>{t('review.versions.form')}</span>
                    {previous && changes.length > 0 && <Legend mark="changed" text={t('review.versions.legendChanged')} />}
                    {recomputed.size > 0 && <Legend mark="recomputed" text={t('review.versions.legendRecomputed')} />}
                    {v.review && v.review.flaggedCells.length > 0 && <Legend mark="flagged" text={t('review.versions.legendFlagged')} />}
                  </Flex>
                ),
                children: (
                  <FormTable
                    grid={grid}
                    values={values}
                    marks={marks}
                    renderCell={(key, shown) => {
                      if (previous && key in v.changed) return <BeforeAfter before={show(key, v.changed[key]![0])} after={shown} />;
                      if (recomputed.has(key)) return <BeforeAfter before={show(key, previousValues?.[key] ?? null)} after={shown} />;
                      return shown;
                    }}
                  />
                ),
              },
            ]}
          />
        )}
      </Flex>
    </Card>
  );
}

function Legend({ mark, text }: { mark: CellMark; text: string }) {
  return (
    <Flex gap={6} align="center">
      <span style={{ display: 'inline-block', width: 18, height: 12, ...markStyle(mark) }} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {text}
      </Typography.Text>
    </Flex>
  );
}
