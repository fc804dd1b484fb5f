import type { FormState } from '@baocao/core';
import { Alert, App, Button, Flex, Form, Input, List, Modal, Select, Spin, Tag, Typography } from 'antd';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../shared/api/problem';
import { formatDateTime } from '../../shared/format';
import { ErrorResult } from '../../shared/ui/error-result';
import { useWorkflow } from '../signing/api';
import { SignatureAlert } from '../signing/signature-parts';
import { useFormState, useReview } from './api';
import { FormTable, type CellMark } from './form-table';
import { cellLabel, flaggableCells, fixedValues, gridOf } from './form-values';

type Props = { childId: string; unitName: string; onClose: () => void };
type Values = { reason?: string; flaggedCells?: string[] };
type Return = 'reject' | 'return_to_leader';

/**
 * Review of one unit's submitted report (R18): its figures as sent, then accept, or return it with a
 * required reason and, optionally, the cells to correct (picked from the list or by clicking them).
 * A signed report shows its signature as checked now; one unsigned or invalidly signed goes back to
 * the unit's leader to sign again (R22), when the server offers that.
 */
export function ReviewModal({ childId, unitName, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const flagged = Form.useWatch('flaggedCells', form) ?? [];
  const state = useFormState(childId);
  const review = useReview();
  const workflow = useWorkflow(childId);
  const signature = workflow.data?.signatures.find((s) => s.current);
  const mayReturnToLeader = workflow.data?.actions.includes('return_to_leader') ?? false;

  const DONE = { accept: 'review.review.accepted', reject: 'review.review.rejected', return_to_leader: 'signing.review.returnedToLeader' } as const;
  const done = (decision: keyof typeof DONE) => () => {
    void message.success(t(DONE[decision], { unit: unitName }));
    onClose();
  };
  // The reason is required to return a report, not to accept one: the rule asks which button was pressed.
  const rejecting = useRef(false);
  const accept = () => {
    rejecting.current = false;
    form.setFields([{ name: 'reason', errors: [] }]);
    const { reason = '' } = form.getFieldsValue();
    review.mutate({ childId, decision: 'accept', reason: reason.trim(), flaggedCells: [] }, { onSuccess: done('accept') });
  };
  const giveBack = async (decision: Return) => {
    rejecting.current = true;
    const { reason = '', flaggedCells = [] } = await form.validateFields().catch(() => ({ reason: '', flaggedCells: [] as string[] }));
    if (!reason.trim()) return;
    review.mutate({ childId, decision, reason: reason.trim(), flaggedCells: decision === 'reject' ? flaggedCells : [] }, { onSuccess: done(decision) });
  };
  const toggle = (cell: string) =>
    form.setFieldValue('flaggedCells', flagged.includes(cell) ? flagged.filter((c) => c !== cell) : [...flagged, cell]);

  return (
    <Modal
      open
      title={t('review.review.title', { unit: unitName })}
      onCancel={onClose}
      width={1100}
      destroyOnHidden
      footer={
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Link to={`/viec-cua-toi/${childId}/phien-ban`}>{t('review.versionsLink')}</Link>
          <Flex gap={8} wrap justify="end">
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            {mayReturnToLeader && (
              <Button danger loading={review.isPending && review.variables?.decision === 'return_to_leader'} disabled={!state.data} onClick={() => void giveBack('return_to_leader')}>
                {t('signing.review.returnToLeader')}
              </Button>
            )}
            <Button danger loading={review.isPending && review.variables?.decision === 'reject'} disabled={!state.data} onClick={() => void giveBack('reject')}>
              {t('review.review.reject')}
            </Button>
            <Button type="primary" loading={review.isPending && review.variables?.decision === 'accept'} disabled={!state.data} onClick={accept}>
              {t('review.review.accept')}
            </Button>
          </Flex>
        </Flex>
      }
    >
      {signature && (
        <div style={{ marginBottom: 16 }}>
          <SignatureAlert signature={signature} />
        </div>
      )}
      {state.isError ? (
        <ErrorResult error={state.error} onRetry={() => void state.refetch()} />
      ) : !state.data ? (
        <Spin style={{ display: 'block', margin: 48 }} />
      ) : (
        <Submitted state={state.data} flagged={flagged} onToggle={toggle} />
      )}
      <Form form={form} name="review" layout="vertical" requiredMark={false} style={{ marginTop: 16 }}>
        <Form.Item
          name="reason"
          label={t('review.review.reason')}
          extra={t('review.review.reasonHint')}
          rules={[{ validator: (_, value?: string) => (rejecting.current && !value?.trim() ? Promise.reject(new Error(t('review.review.reasonRequired'))) : Promise.resolve()) }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="flaggedCells" label={t('review.review.flagged')} extra={t('review.review.flaggedHint')}>
          <CellSelect state={state.data} />
        </Form.Item>
      </Form>
      {review.isError && <Alert type="error" showIcon title={errorMessage(review.error)} />}
    </Modal>
  );
}

/** What the unit sent: its figures (flagged cells outlined) and the warnings it explained. */
function Submitted({ state, flagged, onToggle }: { state: FormState; flagged: string[]; onToggle: (cell: string) => void }) {
  const { t } = useTranslation();
  const grid = gridOf(state.template.definition);
  const marks = Object.fromEntries(flagged.map((c) => [c, 'flagged' as CellMark]));
  const flaggable = useMemo(() => new Set(grid ? flaggableCells(grid) : []), [grid]);
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">
        {state.template.code} — {state.template.name} · {t('review.round', { round: state.roundLabel })}
        {state.updatedAt && ` · ${t('review.review.lastSaved', { time: formatDateTime(state.updatedAt), name: state.updatedByName ?? '' })}`}
      </Typography.Text>
      {grid ? (
        <FormTable grid={grid} values={{ ...fixedValues(grid), ...state.computed, ...state.inputs }} marks={marks} onCellClick={(c) => flaggable.has(c) && onToggle(c)} testId="review-form" />
      ) : (
        <Alert type="info" showIcon title={t('review.aggregate.narrative')} />
      )}
      {state.violations.length > 0 && (
        <List
          size="small"
          bordered
          header={<Typography.Text strong>{t('review.review.violations', { count: state.violations.length })}</Typography.Text>}
          dataSource={state.violations}
          renderItem={(v) => (
            <List.Item>
              <Flex vertical>
                <span>
                  <Tag color={v.severity === 'error' ? 'red' : 'gold'}>{t(`review.severity.${v.severity}`)}</Tag>
                  {v.message}
                </span>
                {v.explanation && <Typography.Text type="secondary">{t('review.review.explanation', { text: v.explanation })}</Typography.Text>}
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}

/** The form's cells by name, to flag the ones the unit must correct. */
function CellSelect({ state, ...field }: { state: FormState | undefined; value?: string[]; onChange?: (v: string[]) => void }) {
  const { t } = useTranslation();
  const grid = state ? gridOf(state.template.definition) : null;
  const options = useMemo(() => (grid ? flaggableCells(grid).map((c) => ({ value: c, label: cellLabel(grid, c) })) : []), [grid]);
  return <Select {...field} mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} options={options} placeholder={t('review.review.flaggedPlaceholder')} />;
}
