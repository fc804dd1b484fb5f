import { z } from 'zod';
import { Id, Text } from './common.js';

/** Kinds of unit (R4). The depth of the hierarchy is data: any kind may sit under any other. */
export const UNIT_KINDS = ['city', 'department', 'district', 'commune', 'organisation', 'individual', 'division'] as const;
export const UnitKind = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof UnitKind>;

export const UnitCode = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9._-]+$/, 'Mã đơn vị chỉ gồm chữ không dấu, số và . _ -');

export const Unit = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  kind: UnitKind,
  parentId: Id.nullable(),
  parentName: z.string().nullable(),
  active: z.boolean(),
  depth: z.number().int(),
  childCount: z.number().int(),
  updatedAt: z.string(),
});
export type Unit = z.infer<typeof Unit>;

export type UnitTreeNode = {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  active: boolean;
  children: UnitTreeNode[];
};
export const UnitTreeNode: z.ZodType<UnitTreeNode> = z.lazy(() =>
  z.object({ id: Id, code: z.string(), name: z.string(), kind: UnitKind, active: z.boolean(), children: z.array(UnitTreeNode) }),
);

export const UnitTreeQuery = z.object({ includeInactive: z.enum(['true', 'false']).optional() }).strict();

export const UnitQuery = z
  .object({ q: z.string().trim().max(100).optional(), kind: UnitKind.optional(), parentId: Id.optional(), includeInactive: z.enum(['true', 'false']).optional() })
  .strict();
export type UnitQuery = z.infer<typeof UnitQuery>;

export const CreateUnitInput = z.object({ code: UnitCode, name: Text(255), kind: UnitKind, parentId: Id }).strict();
export type CreateUnitInput = z.infer<typeof CreateUnitInput>;

export const UpdateUnitInput = z.object({ name: Text(255).optional(), kind: UnitKind.optional() }).strict();
export type UpdateUnitInput = z.infer<typeof UpdateUnitInput>;

export const MoveUnitInput = z.object({ parentId: Id }).strict();
export type MoveUnitInput = z.infer<typeof MoveUnitInput>;

export const UnitIdParam = z.object({ unitId: Id }).strict();

export const UnitHistoryEntry = z.object({
  version: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: UnitKind,
  parentId: Id.nullable(),
  parentName: z.string().nullable(),
  active: z.boolean(),
  changedAt: z.string(),
  changedBy: z.string().nullable(),
  change: z.string(),
});
export type UnitHistoryEntry = z.infer<typeof UnitHistoryEntry>;

export const FileFormat = z.enum(['csv', 'xlsx']);
export type FileFormat = z.infer<typeof FileFormat>;

export const UnitExportQuery = z.object({ format: FileFormat, rootId: Id.optional() }).strict();

/** A CSV or XLSX file sent as base64 inside JSON, so one schema validates it. */
export const UnitImportInput = z
  .object({ format: FileFormat, contentBase64: z.string().min(1).max(8_000_000) })
  .strict();
export type UnitImportInput = z.infer<typeof UnitImportInput>;

export const UnitImportResult = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });
export type UnitImportResult = z.infer<typeof UnitImportResult>;

/** Columns of the unit import/export file, in order. */
export const UNIT_FILE_COLUMNS = ['code', 'name', 'kind', 'parent_code', 'active'] as const;

/**
 * What anyone may know before signing in: whose system this is (its root unit, e.g. "Thành phố Hải Phòng",
 * or "Chính phủ" on a Government-level instance) and its level in the national federation (R27).
 */
export const SystemAbout = z.object({ organisation: z.string(), level: z.enum(['province', 'government']) }).strict();
export type SystemAbout = z.infer<typeof SystemAbout>;
