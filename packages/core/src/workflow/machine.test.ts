import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedActions, nextState, STATE_LABELS, TRANSITIONS, WORKFLOW_ACTIONS, workflowDiagram, type WorkflowAction, type WorkflowState } from './machine.js';

const STATES = Object.keys(STATE_LABELS) as WorkflowState[];

describe('report workflow', () => {
  it('goes from entry to acceptance through the leader\'s signature, and once round a correction', () => {
    const path: WorkflowAction[] = ['save', 'submit_to_leader', 'sign', 'send', 'accept', 'request_correction', 'approve_correction', 'submit_to_leader', 'sign', 'send', 'accept'];
    let state: WorkflowState = 'open';
    const seen: WorkflowState[] = [state];
    for (const action of path) {
      state = nextState(state, action)!;
      seen.push(state);
    }
    expect(seen).toEqual(['open', 'draft', 'awaiting_signature', 'signed', 'sent', 'accepted', 'correction_requested', 'draft', 'awaiting_signature', 'signed', 'sent', 'accepted']);
  });

  it('returns with a reason at each step, and refuses what does not apply', () => {
    expect(nextState('awaiting_signature', 'leader_return')).toBe('returned');
    expect(nextState('sent', 'reject')).toBe('returned');
    expect(nextState('correction_requested', 'refuse_correction')).toBe('accepted');
    for (const t of TRANSITIONS.filter((x) => ['leader_return', 'reject', 'return_to_leader', 'refuse_correction', 'request_correction', 'withdraw'].includes(x.action))) expect(t.reason).toBe(true);
    expect(nextState('sent', 'return_to_leader')).toBe('awaiting_signature'); // R22: unsigned or invalidly signed
    expect(nextState('signed', 'sign')).toBeNull(); // a second signing
    expect(nextState('sent', 'request_correction')).toBeNull(); // correction before acceptance
    expect(nextState('accepted', 'withdraw')).toBeNull();
  });

  it('lets each party do only its own steps', () => {
    expect(allowedActions('awaiting_signature', 'leader').sort()).toEqual(['leader_return', 'sign']);
    expect(allowedActions('awaiting_signature', 'reporter')).toEqual([]);
    expect(allowedActions('sent', 'receiver').sort()).toEqual(['accept', 'reject', 'return_to_leader']);
    expect(allowedActions('draft', 'reporter').sort()).toEqual(['submit_to_leader', 'submit_unsigned']);
    expect(allowedActions('accepted', 'reporter')).toEqual(['request_correction']);
  });

  it('has no dead ends: every state but the final ones can move, and every state is reachable', () => {
    const reachable = new Set<WorkflowState>(['open']);
    for (let changed = true; changed; ) {
      changed = false;
      for (const t of TRANSITIONS) {
        if (t.from.some((f) => reachable.has(f)) && !reachable.has(t.to)) {
          reachable.add(t.to);
          changed = true;
        }
      }
    }
    expect([...reachable].sort()).toEqual([...STATES].sort());
    for (const s of STATES.filter((x) => x !== 'withdrawn')) expect(TRANSITIONS.some((t) => t.from.includes(s)), s).toBe(true);
  });

  it('is deterministic: any sequence of actions gives one state or a refusal', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORKFLOW_ACTIONS), { maxLength: 30 }), (actions) => {
        let state: WorkflowState = 'open';
        for (const a of actions) state = nextState(state, a) ?? state;
        expect(STATES).toContain(state);
      }),
    );
  });

  it('matches the diagram in docs/workflow.md (regenerate with `npm run docs:workflow`)', () => {
    const doc = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../../../docs/workflow.md'), 'utf8');
    expect(doc).toContain(workflowDiagram());
  });
});
