import { ArrowLeftOutlined } from '@ant-design/icons';
import { compileTemplate, type FormState, type SubmissionVersion, type TemplateGrid } from '@baocao/core';
import { Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { formatDateTime } from '../../shared/format';
import { AttachmentsPanel } from '../attachments/attachments-panel';
import { useFormState, useVersions } from './api';
import { gridOf } from './form-values';
import { pageState } from './page-state';
import { VersionCard } from './version-card';

/** Recomputes each version's totals and percentages from its inputs, with the same engine as the server. */
function useComputer(grid: TemplateGrid | null, context: FormState['context'] | undefined) {
  return useMemo(() => {
    const compiled = grid ? compileTemplate(grid) : null;
    return (inputs: Record<string, string>): Record<string, string | null> =>
      compiled?.ok ? compiled.evaluator.evaluate(inputs, { previous: context?.previous ?? undefined, lastYear: context?.lastYear ?? undefined }).values : {};
  }, [grid, context]);
}

/** Reached from a list (round progress, delegations, review): back returns there; opened from a link, to the assignment. */
const canGoBack = () => ((window.history.state as { idx?: number } | null)?.idx ?? 0) > 0;

/**
 * /viec-cua-toi/:assignmentId/phien-ban: every version a unit submitted, newest first, with who sent
 * it, the review it got and the cells changed since the version before (R18: a resubmission keeps
 * every version and shows the difference).
 */
export function VersionsPage() {
  const { assignmentId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const versions = useVersions(assignmentId);
  const form = useFormState(assignmentId);
  const grid = form.data ? gridOf(form.data.template.definition) : null;
  const compute = useComputer(grid, form.data?.context);
  const sorted = useMemo(() => [...(versions.data ?? [])].sort((a, b) => b.number - a.number), [versions.data]);
  // Evaluated once per version, not on every render: a big template has thousands of cells.
  const evaluated = useMemo(() => new Map(sorted.map((v) => [v.number, grid ? { ...compute(v.inputs), ...v.inputs } : v.inputs])), [sorted, grid, compute]);
  const valuesOf = (v: SubmissionVersion) => evaluated.get(v.number)!;

  const blocked = pageState(versions, form);
  if (blocked || !form.data) return blocked;
  const f = form.data;

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Flex align="center" gap={8} wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('review.back')} onClick={() => void (canGoBack() ? navigate(-1) : navigate(`/viec-cua-toi/${assignmentId}`))} />
            <span>{t('review.versions.title', { unit: f.unitName })}</span>
          </Flex>
        }
      >
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          <Typography.Text strong>{f.template.code}</Typography.Text> — {f.template.name}
        </Typography.Paragraph>
        <Flex gap={8} align="center" wrap>
          <Typography.Text type="secondary">{t('review.round', { round: f.roundLabel })}</Typography.Text>
          <Tag>{t('review.versions.count', { count: sorted.length })}</Tag>
        </Flex>
      </Card>
      <AttachmentsPanel assignmentId={assignmentId} editable={false} />
      {sorted.length === 0 ? (
        <Card>
          <Empty description={t('review.versions.none')} />
        </Card>
      ) : (
        sorted.map((v: SubmissionVersion, i) => {
          const before = sorted[i + 1];
          return (
            <VersionCard
              key={v.number}
              version={v}
              previous={before}
              latest={i === 0}
              grid={grid}
              values={valuesOf(v)}
              previousValues={before && valuesOf(before)}
            />
          );
        })
      )}
      {sorted.length > 0 && (
        <Typography.Text type="secondary">
          {t('review.versions.firstAt', { time: formatDateTime(sorted[sorted.length - 1]!.submittedAt) })}
        </Typography.Text>
      )}
    </Flex>
  );
}
