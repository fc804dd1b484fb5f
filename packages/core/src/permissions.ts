import type { Role } from './contracts/accounts.js';

/**
 * What each role may do (R1, R2). Scope is checked separately: every action also needs the
 * target inside the actor's unit subtree, except for the system administrator, whose scope is the city.
 */
const ALL: readonly Role[] = ['system_admin', 'unit_admin', 'leader', 'specialist', 'viewer'];
const ADMINS: readonly Role[] = ['system_admin', 'unit_admin'];

/** Which roles each action is granted to; a domain adds its own lines. */
const GRANTS = {
  'unit.read': ALL,
  'unit.manage': ADMINS,
  'user.read': ADMINS,
  'user.manage': ADMINS,
  'audit.read': ADMINS,
  /** The indicator library is city-wide (R13): everyone reads it. */
  'indicator.read': ALL,
  'indicator.manage': ADMINS,
  'template.read': ALL,
  /** Design templates (create, edit drafts, send to testing, copy, import). */
  'template.manage': ['system_admin', 'unit_admin', 'specialist'],
  /** Put a tested template into official use, retire it, share it into the city library. */
  'template.publish': ['system_admin', 'unit_admin', 'leader'],
  /** Regimes (R5, R7, R24): everyone in the requesting unit's subtree sees them. */
  'regime.read': ALL,
  /** Set up, change and end a regime; issue an ad hoc request. */
  'regime.manage': ['system_admin', 'unit_admin', 'leader', 'specialist'],
  /** Unit groups used as regime targets. */
  'unit_group.manage': ['system_admin', 'unit_admin', 'leader', 'specialist'],
  /** See the unit's assignments and who has answered. */
  'assignment.read': ALL,
  /** Pass received work on to subordinate units, divisions or people, and take it back (R16). */
  'assignment.delegate': ['system_admin', 'unit_admin', 'leader', 'specialist'],
  /** Explore accepted figures (facts) within the actor's scope and export them (R26, R28). */
  'analytics.read': ALL,
  /** See which units report on time, late or not at all, and their scores (R37). */
  'oversight.read': ['system_admin', 'unit_admin', 'leader', 'specialist'],
  /** The operator's working calendar (swapped and make-up days) and running the scheduler by hand. */
  'calendar.manage': ['system_admin'],
  /** Send packets to the Government reporting system (QCVN 125, R27) and pull them. */
  'exchange.export': ['system_admin', 'unit_admin', 'leader'],
  /** Take in catalogues and requests from above (indicator catalogues, regimes, templates). */
  'exchange.import': ADMINS,
  /** Issue and revoke API keys for system-to-system clients (the LGSP) of a unit. */
  'api_key.manage': ADMINS,
  /** Maintenance notices, outages and the incident list: the operator (R31-R33). */
  'operations.manage': ['system_admin'],
  /** See the backups and start one now (R30): the operator. */
  'backup.manage': ['system_admin'],
} satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof GRANTS;

export function roleCan(role: Role, action: Action): boolean {
  return (GRANTS[action] as readonly Role[]).includes(role);
}

/** Roles an actor may hand out: nobody but a system administrator creates another one. */
export function assignableRoles(role: Role): Role[] {
  if (role === 'system_admin') return ['system_admin', 'unit_admin', 'leader', 'specialist', 'viewer'];
  if (role === 'unit_admin') return ['unit_admin', 'leader', 'specialist', 'viewer'];
  return [];
}
