import type { Role } from './contracts/accounts.js';

/**
 * What each role may do (R1, R2). Scope is checked separately: every action also needs the
 * target inside the actor's unit subtree, except for the system administrator, whose scope is the city.
 */
export type Action = 'unit.read' | 'unit.manage' | 'user.read' | 'user.manage' | 'audit.read';

const GRANTS: Record<Role, readonly Action[]> = {
  system_admin: ['unit.read', 'unit.manage', 'user.read', 'user.manage', 'audit.read'],
  unit_admin: ['unit.read', 'unit.manage', 'user.read', 'user.manage', 'audit.read'],
  leader: ['unit.read'],
  specialist: ['unit.read'],
  viewer: ['unit.read'],
};

export function roleCan(role: Role, action: Action): boolean {
  return GRANTS[role].includes(action);
}

/** Roles an actor may hand out: nobody but a system administrator creates another one. */
export function assignableRoles(role: Role): Role[] {
  if (role === 'system_admin') return ['system_admin', 'unit_admin', 'leader', 'specialist', 'viewer'];
  if (role === 'unit_admin') return ['unit_admin', 'leader', 'specialist', 'viewer'];
  return [];
}
