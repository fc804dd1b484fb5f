import { UNIT_FILE_COLUMNS, UnitCode, UnitKind, type FileFormat, type UnitImportInput, type UnitImportResult } from '@baocao/core';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import { AppError, badRequest } from '../../platform/errors.js';
import { assertCan, assertRole, inScope, scopePrefix, type Actor } from '../../platform/scope.js';
import { translateIssue, type ZodIssueLike } from '../../platform/problem.js';
import { parseCsv, readXlsxRows, restoreFormulaText, toCsv, writeXlsx } from '../../platform/tabular.js';
import { assertWorkbookWithin } from '../../platform/workbook.js';
import * as q from './units.queries.js';

/** A city has a few thousand units; a units file is never longer. */
const UNIT_FILE_MAX_ROWS = 10_000;
import { changeUnit, insertChildUnit, reparentUnit } from './units.service.js';
import { buildTree, flattenTree } from './units.tree.js';

const HEADER_VI = ['Mã đơn vị', 'Tên đơn vị', 'Loại', 'Mã đơn vị cấp trên', 'Đang hoạt động'];

/** The actor's units (or a subtree) as CSV or XLSX, parents before children. Any role within scope. */
export async function exportUnits(db: Db, actor: Actor, format: FileFormat, rootId?: string): Promise<{ body: Buffer | string; filename: string; contentType: string }> {
  assertRole(actor, 'unit.read');
  let prefix = scopePrefix(actor);
  if (rootId) {
    const root = await q.findUnit(db, rootId);
    assertCan(actor, 'unit.read', root?.path, 'unit');
    prefix = root!.path;
  }
  const rows = await q.listUnitsUnder(db, prefix, true);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const codeOf = async (id: string | null) => (id ? (byId.get(id)?.code ?? (await q.findUnit(db, id))?.code ?? '') : '');
  const table: (string | boolean)[][] = [];
  for (const n of flattenTree(buildTree(rows))) {
    const r = byId.get(n.id)!;
    table.push([r.code, r.name, r.kind, await codeOf(r.parent_id), r.active]);
  }
  if (format === 'csv') {
    return { body: toCsv([[...UNIT_FILE_COLUMNS], ...table]), filename: 'don-vi.csv', contentType: 'text/csv; charset=utf-8' };
  }
  const body = await writeXlsx('Đơn vị', [...UNIT_FILE_COLUMNS], table);
  return { body, filename: 'don-vi.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

const Row = z.object({
  code: UnitCode,
  name: z.string().trim().min(1, 'Thiếu tên đơn vị').max(255),
  kind: UnitKind,
  parent_code: z.string().trim().max(32),
  active: z.string().trim().toLowerCase().transform((v, c) => {
    if (['', 'true', '1', 'x', 'có', 'co'].includes(v)) return true;
    if (['false', '0', 'không', 'khong'].includes(v)) return false;
    c.addIssue({ code: 'custom', message: 'Cột active phải là true hoặc false' });
    return z.NEVER;
  }),
});
type Row = z.infer<typeof Row>;

/**
 * Creates or updates units from a CSV or XLSX file (columns as exported), all or nothing:
 * any bad row refuses the whole file with every error listed. Administrators, within scope.
 */
export async function importUnits(db: Db, ctx: Ctx, input: UnitImportInput): Promise<UnitImportResult> {
  const actor = ctx.actor!;
  assertRole(actor, 'unit.manage');
  const buffer = Buffer.from(input.contentBase64, 'base64');
  // A zip bomb or a million-row sheet is refused before ExcelJS inflates it.
  if (input.format === 'xlsx') await assertWorkbookWithin(buffer, UNIT_FILE_MAX_ROWS);
  let cells: string[][];
  try {
    // Our own export neutralised names starting with = + - @; they come back as typed.
    cells = input.format === 'csv' ? parseCsv(buffer.toString('utf8')).map((r) => r.map(restoreFormulaText)) : await readXlsxRows(buffer);
  } catch {
    badRequest('unit.import_unreadable', 'Không đọc được tệp; hãy dùng tệp CSV (UTF-8) hoặc XLSX theo mẫu xuất ra');
  }
  const rows = parseRows(cells);
  return db.transaction().execute(async (tx) => {
    const errors: { path: string; message: string }[] = [];
    const result = { created: 0, updated: 0, unchanged: 0 };
    const fileCodes = new Map(rows.map((r) => [r.row.code.toLowerCase(), r]));
    for (const { line, row } of orderParentsFirst(rows, fileCodes)) {
      try {
        const existing = await q.findUnitByCode(tx, row.code);
        const parent = row.parent_code ? await q.findUnitByCode(tx, row.parent_code) : undefined;
        if (row.parent_code && !parent) throw new AppError('x', `Không tìm thấy đơn vị cấp trên ${row.parent_code}`, 400);
        if (parent) assertCan(actor, 'unit.manage', parent.path, 'unit');
        if (!existing) {
          if (!parent) throw new AppError('x', 'Đơn vị mới cần mã đơn vị cấp trên', 400);
          const created = await insertChildUnit(tx, ctx, parent, row);
          if (!row.active) await changeUnit(tx, ctx, created, { active: false });
          result.created++;
          continue;
        }
        assertCan(actor, 'unit.manage', existing.path, 'unit');
        let unit = existing;
        if (parent && parent.id !== unit.parent_id) {
          if (actor.role !== 'system_admin' && (unit.id === actor.unitId || !inScope(actor, unit.path))) throw new AppError('x', 'Không thể chuyển chính đơn vị của bạn', 400);
          unit = await reparentUnit(tx, ctx, unit, parent);
        }
        const after = await changeUnit(tx, ctx, unit, { name: row.name, kind: row.kind, active: row.active });
        if (after.version !== existing.version) result.updated++;
        else result.unchanged++;
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        errors.push({ path: `Dòng ${line}`, message: e.message });
      }
    }
    if (errors.length > 0) throw new AppError('unit.import_invalid', 'Tệp có lỗi; không đơn vị nào được thay đổi', 400, errors);
    await recordAudit(tx, ctx, { action: 'unit.imported', targetType: 'unit', details: { format: input.format, rows: rows.length, ...result } });
    return result;
  });
}

function parseRows(cells: string[][]): { line: number; row: Row }[] {
  const [header, ...body] = cells;
  const normalized = (header ?? []).map((h) => h.trim().toLowerCase());
  const viHeader = HEADER_VI.map((h) => h.toLowerCase());
  const index = UNIT_FILE_COLUMNS.map((c, i) => {
    const at = normalized.indexOf(c);
    return at >= 0 ? at : normalized.indexOf(viHeader[i]!);
  });
  if (index.slice(0, 4).some((i) => i < 0)) {
    badRequest('unit.import_invalid', 'Tệp thiếu cột bắt buộc', [{ path: 'Dòng 1', message: `Cần các cột: ${UNIT_FILE_COLUMNS.join(', ')}` }]);
  }
  if (body.length === 0) badRequest('unit.import_invalid', 'Tệp không có dòng dữ liệu nào');
  const errors: { path: string; message: string }[] = [];
  const rows: { line: number; row: Row }[] = [];
  const seen = new Set<string>();
  body.forEach((cellsOfRow, i) => {
    const line = i + 2;
    const record = Object.fromEntries(UNIT_FILE_COLUMNS.map((c, k) => [c, index[k]! >= 0 ? (cellsOfRow[index[k]!] ?? '') : '']));
    const parsed = Row.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ path: `Dòng ${line}, cột ${String(issue.path[0] ?? '')}`, message: translateIssue(issue as ZodIssueLike, issue.message) });
      }
      return;
    }
    const key = parsed.data.code.toLowerCase();
    if (seen.has(key)) errors.push({ path: `Dòng ${line}`, message: `Mã ${parsed.data.code} lặp lại trong tệp` });
    seen.add(key);
    rows.push({ line, row: parsed.data });
  });
  if (errors.length > 0) badRequest('unit.import_invalid', 'Tệp có lỗi; không đơn vị nào được thay đổi', errors);
  return rows;
}

/** A parent listed in the same file is handled before its children, whatever the row order. */
function orderParentsFirst(rows: { line: number; row: Row }[], byCode: Map<string, { line: number; row: Row }>) {
  const out: { line: number; row: Row }[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (r: { line: number; row: Row }) => {
    const key = r.row.code.toLowerCase();
    if (state.get(key)) return; // a cycle inside the file is caught by reparentUnit
    state.set(key, 'visiting');
    const parent = byCode.get(r.row.parent_code.toLowerCase());
    if (parent) visit(parent);
    state.set(key, 'done');
    out.push(r);
  };
  rows.forEach(visit);
  return out;
}
