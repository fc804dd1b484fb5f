import { nextState, STATE_LABELS, TRANSITIONS, type WorkflowAction, type WorkflowState } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { conflict } from '../../platform/errors.js';
import type { AssignmentRow } from './assignments.queries.js';

const LABEL = new Map(TRANSITIONS.map((t) => [t.action, t.label]));

/**
 * Moves a report one step along the workflow (packages/core/src/workflow/machine.ts) as a guarded
 * `UPDATE … WHERE status = <from>`: a step the machine does not allow from the current state, or a row
 * someone else moved first, is a 409 and nothing changes. Returns the new state and updates `a`.
 */
export async function moveAssignment(
  tx: Db,
  a: AssignmentRow,
  action: WorkflowAction,
  now: Date,
  extra: { sent_at?: Date } = {},
): Promise<WorkflowState> {
  const from = a.status as WorkflowState;
  const to = nextState(from, action);
  if (!to) conflict('workflow.not_allowed', `Không thể "${LABEL.get(action)}" khi báo cáo đang ở trạng thái "${STATE_LABELS[from]}"`);
  const moved = await tx
    .updateTable('assignments')
    .set({ status: to, updated_at: now, ...extra })
    .where('id', '=', a.id)
    .where('status', '=', from)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) conflict('workflow.stale', 'Trạng thái báo cáo vừa thay đổi; hãy tải lại');
  a.status = to;
  return to;
}

/**
 * Whether the unit's leader signs this report before it goes out (R19–R21): every report that leaves
 * its unit for another agency. Work passed to a division or a person inside the unit goes back to the
 * unit that delegated it unsigned; the unit signs the consolidated report (docs/decisions/0012).
 */
export function needsSignature(a: Pick<AssignmentRow, 'unit_kind'>): boolean {
  return a.unit_kind !== 'division' && a.unit_kind !== 'individual';
}
