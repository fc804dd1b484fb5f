import type { AssignmentStatus } from '../contracts/assignments.js';

/**
 * The life of a unit's report for one round (R17–R23), as one state machine. The server moves a
 * report only along these transitions, each as a guarded `UPDATE … WHERE status = <from>`; the web
 * app offers only what `allowedActions` returns. Issue 6 wires leader signing and correction into the
 * server (docs/workflow.md).
 */
export type WorkflowState = AssignmentStatus;

/** Who takes a step: the reporting unit's people, its leader, the unit the report goes to, or the system. */
export type Party = 'reporter' | 'leader' | 'receiver' | 'delegator' | 'system';

export interface Transition {
  action: WorkflowAction;
  from: readonly WorkflowState[];
  to: WorkflowState;
  by: Party;
  /** A reason is required (returns, refusals, correction requests, withdrawals). */
  reason: boolean;
  /** Vietnamese label, as buttons and the audit trail name it. */
  label: string;
}

export const WORKFLOW_ACTIONS = [
  'save', 'submit_to_leader', 'submit_unsigned', 'leader_return', 'sign', 'send', 'accept', 'reject', 'return_to_leader',
  'request_correction', 'approve_correction', 'refuse_correction', 'withdraw',
] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

export const TRANSITIONS: readonly Transition[] = [
  { action: 'save', from: ['open'], to: 'draft', by: 'reporter', reason: false, label: 'Nhập số liệu' },
  { action: 'submit_to_leader', from: ['draft', 'returned'], to: 'awaiting_signature', by: 'reporter', reason: false, label: 'Trình lãnh đạo' },
  { action: 'submit_unsigned', from: ['draft', 'returned'], to: 'sent', by: 'reporter', reason: false, label: 'Gửi đơn vị giao việc (không cần ký số)' },
  { action: 'leader_return', from: ['awaiting_signature'], to: 'returned', by: 'leader', reason: true, label: 'Lãnh đạo trả lại' },
  { action: 'sign', from: ['awaiting_signature'], to: 'signed', by: 'leader', reason: false, label: 'Ký số' },
  { action: 'send', from: ['signed'], to: 'sent', by: 'system', reason: false, label: 'Gửi đơn vị yêu cầu' },
  { action: 'accept', from: ['sent'], to: 'accepted', by: 'receiver', reason: false, label: 'Tiếp nhận' },
  { action: 'reject', from: ['sent'], to: 'returned', by: 'receiver', reason: true, label: 'Trả lại' },
  { action: 'return_to_leader', from: ['sent'], to: 'awaiting_signature', by: 'receiver', reason: true, label: 'Trả lại lãnh đạo để ký số' },
  { action: 'request_correction', from: ['accepted'], to: 'correction_requested', by: 'reporter', reason: true, label: 'Đề nghị đính chính' },
  { action: 'approve_correction', from: ['correction_requested'], to: 'draft', by: 'receiver', reason: false, label: 'Đồng ý đính chính' },
  { action: 'refuse_correction', from: ['correction_requested'], to: 'accepted', by: 'receiver', reason: true, label: 'Từ chối đính chính' },
  { action: 'withdraw', from: ['open', 'draft', 'returned'], to: 'withdrawn', by: 'delegator', reason: true, label: 'Thu hồi' },
];

const BY_ACTION = new Map(TRANSITIONS.map((t) => [t.action, t]));

/** Where `action` leads from `state`, or null when it does not apply there. */
export function nextState(state: WorkflowState, action: WorkflowAction): WorkflowState | null {
  const t = BY_ACTION.get(action);
  return t && t.from.includes(state) ? t.to : null;
}

/** The steps a party may take from a state. */
export function allowedActions(state: WorkflowState, party: Party): WorkflowAction[] {
  return TRANSITIONS.filter((t) => t.by === party && t.from.includes(state)).map((t) => t.action);
}

/** Vietnamese names of the states, as tags show them. */
export const STATE_LABELS: Record<WorkflowState, string> = {
  open: 'Chưa thực hiện',
  draft: 'Đang nhập liệu',
  awaiting_signature: 'Chờ lãnh đạo ký',
  signed: 'Đã ký số',
  sent: 'Đã gửi',
  accepted: 'Đã tiếp nhận',
  returned: 'Bị trả lại',
  correction_requested: 'Đề nghị đính chính',
  withdrawn: 'Đã thu hồi',
};

const PARTY_LABELS: Record<Party, string> = { reporter: 'đơn vị báo cáo', leader: 'lãnh đạo', receiver: 'đơn vị nhận', delegator: 'đơn vị giao', system: 'hệ thống' };

/** The machine as a Mermaid state diagram, generated from TRANSITIONS (docs/workflow.md). */
export function workflowDiagram(): string {
  const lines = ['stateDiagram-v2', '  [*] --> open'];
  for (const s of Object.keys(STATE_LABELS)) lines.push(`  ${s}: ${STATE_LABELS[s as WorkflowState]}`);
  for (const t of TRANSITIONS) {
    for (const from of t.from) lines.push(`  ${from} --> ${t.to}: ${t.label} (${PARTY_LABELS[t.by]}${t.reason ? ', kèm lý do' : ''})`);
  }
  lines.push('  accepted --> [*]', '  withdrawn --> [*]');
  return lines.join('\n');
}
