import { INDICATOR_FILE_COLUMNS, INDICATOR_FILE_MAX_ROWS, type FileFormat, type IndicatorImportInput, type IndicatorImportResult, type Periodicity } from '@baocao/core';
import type { Db } from '../../db/database.js';
import type { Ctx } from '../../platform/audit.js';
import { badRequest } from '../../platform/errors.js';
import { assertRole, type Actor } from '../../platform/scope.js';
import { parseCsv, readXlsxRows, restoreFormulaText, toCsv, writeXlsx } from '../../platform/tabular.js';
import { formatPeriodicity, parseIndicatorRows } from './catalog.file-rows.js';
import { applyIndicatorRows } from './catalog.import.js';
import { assertCanManageSet, assertDraft, missing, setForChange } from './catalog.service.js';
import { assertWorkbookWithin, tooManyRows } from '../../platform/workbook.js';
import * as q from './catalog.queries.js';

const HEADER = INDICATOR_FILE_COLUMNS.map((c) => c.header);

/** One set version as CSV (UTF-8 with BOM) or XLSX, Vietnamese headers, in the set's order. Any role. */
export async function exportIndicatorSet(db: Db, actor: Actor, id: string, format: FileFormat): Promise<{ body: Buffer | string; filename: string; contentType: string }> {
  assertRole(actor, 'indicator.read');
  const set = (await q.findSet(db, id)) ?? missing('set');
  const rows = await q.listSetIndicators(db, id);
  const table = rows.map((r) => [
    r.code,
    r.name,
    r.parent_code ?? '',
    r.unit_of_measure ?? '',
    r.field_group ?? '',
    formatPeriodicity(r.periodicity as Periodicity[]),
    r.concept,
    r.calculation_method,
    r.main_disaggregations,
    r.data_source,
    r.responsible_unit,
    r.responsible_unit_code ?? '',
    r.active ? 'Có' : 'Không',
  ]);
  const filename = `bo-chi-tieu-${set.code}-v${set.version}`;
  if (format === 'csv') return { body: toCsv([HEADER, ...table]), filename: `${filename}.csv`, contentType: 'text/csv; charset=utf-8' };
  const body = await writeXlsx('Chỉ tiêu', HEADER, table);
  return { body, filename: `${filename}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

/**
 * Loads a CSV or XLSX file into a draft set, all or nothing: any bad row refuses the whole file
 * with every error listed, and nothing is saved. Administrators of the set's owner unit.
 */
export async function importIndicatorSet(db: Db, ctx: Ctx, id: string, input: IndicatorImportInput): Promise<IndicatorImportResult> {
  const actor = ctx.actor!;
  assertRole(actor, 'indicator.manage');
  // Cheap refusals first: who may and whether the set takes changes, before reading the file.
  const found = (await q.findSet(db, id)) ?? missing('set');
  assertCanManageSet(actor, found);
  assertDraft(found);
  const rows = parseIndicatorRows(await readCells(input.format, Buffer.from(input.contentBase64, 'base64')));
  return db.transaction().execute(async (tx) => {
    const set = await setForChange(tx, actor, id);
    assertDraft(set);
    return applyIndicatorRows(tx, ctx, set, rows, { format: input.format });
  });
}

/** The cells of an uploaded file; refuses what is not a workbook or UTF-8 text, and files over the row limit. */
export async function readCells(format: FileFormat, buffer: Buffer, maxRows = INDICATOR_FILE_MAX_ROWS): Promise<string[][]> {
  let cells: string[][];
  if (format === 'xlsx') {
    await assertWorkbookWithin(buffer, maxRows);
    try {
      cells = await readXlsxRows(buffer);
    } catch {
      badRequest('import.not_workbook', 'Tệp không phải bảng tính Excel (XLSX) hoặc đã hỏng');
    }
  } else {
    if (buffer.subarray(0, 4).equals(Buffer.from('PK\x03\x04')) || buffer.includes(0)) {
      badRequest('catalog.import_not_text', 'Tệp không phải tệp CSV dạng văn bản; với tệp Excel hãy chọn định dạng XLSX');
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    } catch {
      badRequest('catalog.import_not_utf8', 'Tệp CSV phải lưu với bảng mã UTF-8 (trong Excel: "CSV UTF-8")');
    }
    // Our own export neutralised text starting with = + - @; it comes back as typed.
    cells = parseCsv(text).map((r) => r.map(restoreFormulaText));
  }
  if (cells.length - 1 > maxRows) tooManyRows(maxRows);
  return cells;
}
