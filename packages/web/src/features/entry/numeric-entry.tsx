import type { FormState, NumericLayout, TemplateGrid } from '@baocao/core';
import { vietnamDateOf, violationKey } from '@baocao/core';
import { Alert, App, Button, Flex, Typography } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api/client';
import { errorMessage } from '../../shared/api/problem';
import { saveValues, useSubmitForm } from './api';
import { ChecksPanel, type Check } from './checks-panel';
import { ConflictModal } from './conflict-modal';
import { EntryGrid, type EntryGridHandle } from './entry-grid';
import { EntryHeader } from './entry-header';
import { EntryLegend } from './entry-legend';
import { buildFormModel, cellLabel, evaluationContext, type FormModel } from './form-model';
import type { CellIssue } from './grid-columns';
import { HistoryDrawer } from './history-drawer';
import { UploadModal } from './upload-modal';
import { useEntryDraft, type SaveFn } from './use-entry-draft';

type Props = { form: FormState; grid: TemplateGrid; layout: NumericLayout; refetch: () => Promise<FormState | undefined> };

/** Saved inputs with the unsaved changes on top (null clears a cell). */
function overlay(saved: Record<string, string>, changes: Record<string, string | null>): Record<string, string> {
  const out = { ...saved };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** Each cell's worst failed check, with every message about it. */
function issuesByCell(checks: Check[]): Map<string, CellIssue> {
  const issues = new Map<string, CellIssue>();
  for (const check of checks) {
    for (const cell of check.cells) {
      const issue = issues.get(cell) ?? { severity: check.severity, messages: [] };
      if (check.severity === 'error') issue.severity = 'error';
      issue.messages.push(check.message);
      issues.set(cell, issue);
    }
  }
  return issues;
}

/** Where a server refusal points: a cell key, or a warning key `<constraint>@<cell>`. */
const placeOf = (model: FormModel, path: string) => cellLabel(model, path.includes('@') ? path.slice(path.indexOf('@') + 1) : path);

/** The numeric form: live checks, auto-save, paste, history, upload, send (R17). */
export function NumericEntry({ form, grid, layout, refetch }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const model = useMemo(() => buildFormModel(grid), [grid]);
  // A save answers with what it wrote, not the server's check (the grid checks live). Unreadable old
  // figures (invalidCells) come only with the whole form: when there are some, it is read again.
  const hasInvalid = form.invalidCells.length > 0;
  const save = useCallback<SaveFn>(
    async (baseVersion, changes, explanations) => {
      const saved = await saveValues(form.assignmentId, { baseVersion, changes, explanations });
      if (hasInvalid) void refetch();
      return saved;
    },
    [form.assignmentId, hasInvalid, refetch],
  );
  const draft = useEntryDraft(form, refetch, save);
  const submit = useSubmitForm(form.assignmentId);
  const gridRef = useRef<EntryGridHandle>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const [historyCell, setHistoryCell] = useState<string | null>(null);
  const [uploadOpen, setUploadOpen] = useState(false);

  const inputs = useMemo(() => overlay(form.inputs, draft.changes), [form.inputs, draft.changes]);
  const evaluation = useMemo(() => model.evaluator?.evaluate(inputs, evaluationContext(form.context)) ?? null, [model, inputs, form.context]);
  const values = useMemo(() => ({ ...(evaluation?.values ?? form.computed), ...inputs }), [evaluation, form.computed, inputs]);
  const checks = useMemo<Check[]>(
    () => (evaluation?.violations ?? []).map((v) => ({ key: violationKey(v), severity: v.severity, message: v.message, cells: v.cells })),
    [evaluation],
  );
  const issues = useMemo(() => issuesByCell(checks), [checks]);
  const flagged = useMemo(() => new Set(form.flaggedCells), [form.flaggedCells]);
  const explanations = { ...form.explanations, ...draft.explanations };

  const errors = checks.filter((c) => c.severity === 'error').length;
  const unexplained = checks.filter((c) => c.severity === 'warning' && !explanations[c.key]?.trim()).length;
  const submitBlocked = errors
    ? t('entry.submitBlocked.errors', { count: errors })
    : unexplained
      ? t('entry.submitBlocked.warnings', { count: unexplained })
      : draft.phase === 'conflict' || draft.phase === 'failed'
        ? t('entry.saveFailed', { message: errorMessage(draft.error) })
        : !form.canSubmit && !draft.unsaved
          ? t('entry.submitBlocked.notAllowed')
          : null;

  const focusCell = (cell: string) => gridRef.current?.focusCell(cell);

  const onSubmit = async () => {
    const current = await draft.flush();
    if (!current) return;
    submit.mutate(current.version, {
      onSuccess: (f) => void message.success(f.requiresSignature ? t('entry.submittedToLeader') : t('entry.submitted')),
      onError: (e) => {
        if (e instanceof ApiError && e.code === 'form.stale') void refetch();
      },
    });
  };

  if (!model.evaluator) {
    return <Alert type="error" showIcon title={t('entry.compileErrors')} description={model.errors.map((e) => e.message).join('; ')} />;
  }
  const submitProblems = submit.error instanceof ApiError ? (submit.error.problem.errors ?? []) : [];
  const late = vietnamDateOf(new Date()) > form.dueOn;

  return (
    <Flex vertical gap={16}>
      <EntryHeader
        form={form}
        phase={draft.phase}
        error={draft.error}
        onRetry={draft.retry}
        submitBlocked={submitBlocked}
        submitting={submit.isPending}
        onSubmit={() => void onSubmit()}
        onUpload={() => setUploadOpen(true)}
        historyCell={focused}
        onHistory={() => setHistoryCell(focused)}
        numeric
      />
      {(form.status === 'returned' || form.returnReason) && (
        <Alert
          type="warning"
          showIcon
          data-testid="returned-banner"
          title={t('entry.returnedTitle')}
          description={
            <Flex vertical gap={4}>
              <Typography.Text>{t('entry.returnedReason', { reason: form.returnReason || t('entry.noReason') })}</Typography.Text>
              {form.flaggedCells.length > 0 && (
                <Flex gap={4} wrap align="center">
                  <Typography.Text>{t('entry.returnedFlagged', { count: form.flaggedCells.length })}</Typography.Text>
                  {form.flaggedCells.map((cell) => (
                    <Button key={cell} size="small" type="link" onClick={() => focusCell(cell)}>
                      {cellLabel(model, cell)}
                    </Button>
                  ))}
                </Flex>
              )}
            </Flex>
          }
        />
      )}
      {!form.editable && <Alert type="info" showIcon title={t('entry.readOnly', { status: t(`inbox.status.${form.status}`) })} />}
      {submit.error && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => submit.reset() }}
          title={submitProblems.length ? t('entry.submitErrors') : errorMessage(submit.error)}
          description={submitProblems.length ? submitProblems.map((p, i) => <div key={i}>{`${placeOf(model, p.path)}: ${p.message}`}</div>) : undefined}
        />
      )}
      <Flex gap={16} align="start" wrap>
        {/* The checks sit beside the grid on wide screens, below it otherwise: the figures come first. */}
        <Flex vertical gap={8} style={{ flex: '1 1 900px', minWidth: 0 }}>
          <EntryGrid
            ref={gridRef}
            model={model}
            layout={layout}
            values={values}
            issues={issues}
            flagged={flagged}
            editable={form.editable}
            onChange={draft.change}
            onFocusCell={setFocused}
            onHistory={setHistoryCell}
          />
          <EntryLegend editable={form.editable} />
        </Flex>
        <div style={{ flex: '1 1 320px', minWidth: 300 }}>
          <ChecksPanel
            model={model}
            checks={checks}
            explanations={explanations}
            invalidCells={form.invalidCells}
            editable={form.editable}
            onExplain={draft.explain}
            onFocus={focusCell}
          />
        </div>
      </Flex>
      <ConflictModal model={model} conflicts={draft.conflicts} onResolve={draft.resolve} />
      <HistoryDrawer assignmentId={form.assignmentId} model={model} cell={historyCell} onClose={() => setHistoryCell(null)} />
      <UploadModal form={form} open={uploadOpen} late={late} onClose={() => setUploadOpen(false)} flush={draft.flush} />
    </Flex>
  );
}
