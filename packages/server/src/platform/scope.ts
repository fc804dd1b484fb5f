import { roleCan, type Action, type Role } from '@baocao/core';
import { forbidden, notFound } from './errors.js';

/** The signed-in person acting on a request. */
export type Actor = {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  unitId: string;
  unitName: string;
  /** Materialised path of the actor's unit: the actor's scope is every unit under this prefix. */
  unitPath: string;
  mustChangePassword: boolean;
  sessionId: string;
  csrfToken: string;
  /** Set when a system (the LGSP) calls with an API key: it may do exactly these scopes, for its unit. */
  apiKey?: { id: string; name: string; scopes: readonly string[] };
};

/** True when the unit at `unitPath` lies in the actor's subtree (the whole city for a system administrator). */
export function inScope(actor: Actor, unitPath: string): boolean {
  return actor.role === 'system_admin' || unitPath.startsWith(actor.unitPath);
}

/**
 * Refuses unless the actor's role grants `action` and the target is in the actor's subtree.
 * Out of scope is 404, not 403, so an id from another unit reveals nothing.
 */
export function assertCan(actor: Actor, action: Action, unitPath: string | null | undefined, what = 'resource'): void {
  if (unitPath == null || !inScope(actor, unitPath)) notFound(what);
  if (!roleCan(actor.role, action)) forbidden();
}

/** Refuses unless the role grants `action` at all (for list routes that filter by scope). */
export function assertRole(actor: Actor, action: Action): void {
  if (!roleCan(actor.role, action)) forbidden();
}

/** Prefix for queries limited to the actor's scope; '/' for the whole city. */
export function scopePrefix(actor: Actor): string {
  return actor.role === 'system_admin' ? '/' : actor.unitPath;
}
