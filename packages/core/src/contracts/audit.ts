import { z } from 'zod';
import { Id } from './common.js';

export const AuditRecord = z.object({
  seq: z.string(),
  at: z.string(),
  actorId: Id.nullable(),
  actorName: z.string().nullable(),
  unitId: Id.nullable(),
  unitName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  /** The target's current name (unit name, user's full name), looked up when read. */
  targetName: z.string().nullable(),
  digest: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  hash: z.string(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

export const AuditQuery = z
  .object({
    unitId: Id.optional(),
    actorId: Id.optional(),
    action: z.string().trim().max(100).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    before: z.string().regex(/^\d{1,18}$/).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({ items: z.array(AuditRecord), nextBefore: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditActions = z.array(z.string());
