import ExcelJS from 'exceljs';
import { TemplateFile, type ImportTemplateInput, type Template, type TemplateDefinition } from '@baocao/core';
import type { Db } from '../../db/database.js';
import type { Ctx } from '../../platform/audit.js';
import { AppError, badRequest } from '../../platform/errors.js';
import type { Actor } from '../../platform/scope.js';
import { translateIssue, type ZodIssueLike } from '../../platform/problem.js';
import { assertWorkbookWithin } from '../../platform/workbook.js';
import { createTemplate, getTemplate } from './templates.service.js';
import { gridFromWorkbook, workbookFromTemplate } from './templates.xlsx.js';

/** A readable template as a portable JSON file or an XLSX workbook (rows, columns, constraints). */
export async function exportTemplate(db: Db, actor: Actor, id: string, format: 'json' | 'xlsx') {
  const t = await getTemplate(db, actor, id);
  const { requestingUnitId: _unit, ...info } = t.info;
  const file: TemplateFile = { format: 'baocao-template', formatVersion: 1, info: info as TemplateFile['info'], definition: t.definition as TemplateDefinition };
  const base = `bieu-mau-${t.code.replace(/[^A-Za-z0-9._-]/g, '_')}-v${t.version}`;
  if (format === 'json') return { body: JSON.stringify(file, null, 2), filename: `${base}.json`, contentType: 'application/json; charset=utf-8' };
  if (file.definition.kind !== 'numeric') badRequest('template.xlsx_numeric_only', 'Chỉ xuất được XLSX cho biểu mẫu số liệu; biểu mẫu thuyết minh xuất dạng JSON');
  const wb = workbookFromTemplate(file);
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}

/** Creates a draft from an exported JSON file or an XLSX workbook laid out like the export. Designers. */
export async function importTemplate(db: Db, ctx: Ctx, input: ImportTemplateInput): Promise<Template> {
  const buffer = Buffer.from(input.contentBase64, 'base64');
  let candidate: unknown;
  if (input.format === 'json') {
    try {
      candidate = JSON.parse(buffer.toString('utf8'));
    } catch {
      badRequest('template.import_unreadable', 'Tệp không phải JSON hợp lệ');
    }
  } else {
    // A template has at most 2,000 rows, 60 columns, 2,000 constraints and 20,000 cell overrides.
    await assertWorkbookWithin(buffer, 30_000);
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    } catch {
      badRequest('template.import_unreadable', 'Tệp không phải sổ tính Excel (.xlsx) hợp lệ');
    }
    candidate = gridFromWorkbook(wb);
  }
  const parsed = TemplateFile.safeParse(candidate);
  if (!parsed.success) {
    throw new AppError(
      'template.import_invalid',
      'Tệp biểu mẫu có lỗi; chưa lưu gì',
      400,
      parsed.error.issues.slice(0, 200).map((i) => ({ path: i.path.join('.'), message: translateIssue(i as ZodIssueLike, i.message) })),
    );
  }
  const { info, definition } = parsed.data;
  return createTemplate(db, ctx, { info: { ...info, code: input.code ?? info.code, requestingUnitId: input.requestingUnitId }, definition });
}
