import type { Action } from '../permissions.js';
import type { TemplateStatus } from '../contracts/templates.js';

/**
 * The template lifecycle (R14) as data: from each status, where it may go and which grant that
 * needs. draft → testing (units may fill test submissions that never count) → official → retired;
 * testing can go back to draft. A new version starts as a new draft of the same lineage.
 */
export const TEMPLATE_TRANSITIONS: Record<TemplateStatus, Partial<Record<TemplateStatus, Action>>> = {
  draft: { testing: 'template.manage' },
  testing: { draft: 'template.manage', official: 'template.publish' },
  official: { retired: 'template.publish' },
  retired: {},
};

/** The grant a move needs, or null when the lifecycle has no such move. */
export function transitionGrant(from: TemplateStatus, to: TemplateStatus): Action | null {
  return TEMPLATE_TRANSITIONS[from][to] ?? null;
}
