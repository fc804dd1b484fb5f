import { buildGridModel, cellKey, formatValue, parseCellValue, valueKind, type TemplateGrid } from '@baocao/core';
import { parseCsv, toCsv } from '../../platform/tabular.js';
import {
  canonicalFromText,
  colLetter,
  FORM_FILE_FORMAT,
  FORM_FILE_VERSION,
  identityErrors,
  IDENTITY_KEYS,
  MAX_FORM_FILE_BYTES,
  sheetNameOf,
  type FileError,
  type FormMeta,
  type ReadResult,
} from './submissions.form-file.js';
import { cellSources } from './submissions.xlsx-formulas.js';

/**
 * The form as CSV for tools other than Excel: a first line identifying the report
 * (`#baocao-form,1,assignmentId=…,…`), a header `row_code,row_name,<column codes…>`, then one line
 * per template row with canonical values (dot decimals). Computed and disabled cells are left
 * empty and must stay empty; fixed cells carry their value. Read back with the same checks as the
 * workbook; errors name the cell as Excel shows the file: `<template code>!<A1>`.
 */

/** Characters that make Excel or LibreOffice read a CSV cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Builds the CSV of a report's form (UTF-8 with BOM) with its current inputs. */
export function buildFormCsv(meta: FormMeta, grid: TemplateGrid, inputs: Record<string, string>): Buffer {
  const sources = cellSources(grid);
  const identity = [`#${FORM_FILE_FORMAT}`, FORM_FILE_VERSION, ...IDENTITY_KEYS.map((k) => `${k}=${meta[k]}`), `templateCode=${meta.templateCode}`];
  const header = ['row_code', 'row_name', ...grid.columns.map((c) => c.code)];
  const lines = grid.rows.map((row) => [
    row.code,
    row.name,
    ...grid.columns.map((col) => {
      const source = sources.get(cellKey(row.code, col.code))!;
      const value = source.kind === 'input' ? (inputs[cellKey(row.code, col.code)] ?? '') : source.kind === 'fixed' ? source.value : '';
      // a stored note like "=1+1" or "-- xem ghi chú" must not become a formula when the file is opened
      return valueKind(col.valueType) === 'text' && FORMULA_START.test(value) ? `'${value}` : value;
    }),
  ]);
  return Buffer.from(toCsv([identity, header, ...lines]), 'utf8');
}

/** Reads a filled-in form CSV back into inputs; all or nothing. */
export function readFormCsv(buffer: Buffer, meta: FormMeta, grid: TemplateGrid): ReadResult {
  const sheet = sheetNameOf(meta.templateCode);
  const fail = (path: string, message: string): ReadResult => ({ ok: false, errors: [{ path, message }] });
  if (buffer.length > MAX_FORM_FILE_BYTES) {
    return fail('', `Tệp nặng ${(buffer.length / 1024 / 1024).toFixed(1)} MB, vượt giới hạn ${MAX_FORM_FILE_BYTES / 1024 / 1024} MB của mẫu nhập liệu; hãy dùng đúng tệp tải về từ hệ thống`);
  }
  const text = buffer.toString('utf8');
  if (text.includes('\uFFFD')) return fail('', 'Tệp CSV không phải mã UTF-8; hãy lưu lại với mã UTF-8 (CSV UTF-8)');
  const rows = parseCsv(text);
  const first = rows[0] ?? [];
  if (first[0]?.trim() !== `#${FORM_FILE_FORMAT}` || first[1]?.trim() !== FORM_FILE_VERSION) {
    return fail(`${sheet}!A1`, 'Tệp không phải mẫu nhập liệu tải từ hệ thống (thiếu dòng nhận dạng "#baocao-form" ở đầu tệp); hãy tải mẫu CSV của báo cáo này');
  }
  const found: Record<string, string> = {};
  const cellOf: Record<string, string> = {};
  first.slice(2).forEach((cell, i) => {
    const eq = cell.indexOf('=');
    if (eq <= 0) return;
    found[cell.slice(0, eq).trim()] = cell.slice(eq + 1).trim();
    cellOf[cell.slice(0, eq).trim()] = `${sheet}!${colLetter(i + 3)}1`;
  });
  const identity = identityErrors(found, meta, (key) => cellOf[key] ?? `${sheet}!A1`);
  if (identity.length) return { ok: false, errors: identity };

  const header = (rows[1] ?? []).map((h) => h.trim());
  const errors: FileError[] = [];
  const colAt = grid.columns.map((c) => {
    const i = header.indexOf(c.code);
    if (i < 2) errors.push({ path: `${sheet}!2:2`, message: `Thiếu cột "${c.code}" (${c.headerPath.join(' / ')}) ở dòng tiêu đề; đừng xóa hay đổi mã cột` });
    return i;
  });
  const rowAt = new Map<string, number>();
  rows.slice(2).forEach((r, i) => {
    const code = (r[0] ?? '').trim();
    if (!grid.rows.some((g) => g.code === code)) errors.push({ path: `${sheet}!A${i + 3}`, message: `Dòng mã "${code}" không có trong biểu mẫu ${meta.templateCode}` });
    else if (rowAt.has(code)) errors.push({ path: `${sheet}!A${i + 3}`, message: `Dòng mã "${code}" bị lặp lại` });
    else rowAt.set(code, i + 2);
  });
  for (const r of grid.rows) if (!rowAt.has(r.code)) errors.push({ path: `${sheet}!A`, message: `Thiếu dòng "${r.code}" (${r.name}); đừng xóa các dòng của biểu mẫu` });
  if (errors.length) return { ok: false, errors };

  const model = buildGridModel(grid);
  const sources = cellSources(grid, model);
  const inputs: Record<string, string | null> = {};
  grid.rows.forEach((row) => {
    const n = rowAt.get(row.code)!;
    grid.columns.forEach((col, c) => {
      const key = cellKey(row.code, col.code);
      const path = `${sheet}!${colLetter(colAt[c]! + 1)}${n + 1}`;
      const raw = rows[n]![colAt[c]!] ?? '';
      // text we escaped on the way out ('=…) comes back as the text it was, never as a formula
      const escaped = valueKind(col.valueType) === 'text' && raw.startsWith("'") && FORMULA_START.test(raw.slice(1));
      const read = escaped ? { ok: true as const, value: raw.slice(1) } : canonicalFromText(raw, col, true);
      const source = sources.get(key)!;
      if (!read.ok) {
        errors.push({ path, message: read.message });
        return;
      }
      if (source.kind === 'input') {
        inputs[key] = read.value;
        return;
      }
      const scale = model.scales[c]!;
      const norm = (v: string | null) => {
        const p = parseCellValue(v, valueKind(col.valueType), scale);
        return p.ok ? formatValue(p.value, scale) : v;
      };
      const expected = source.kind === 'fixed' ? source.value : null;
      if (norm(read.value) !== norm(expected)) {
        errors.push({
          path,
          message:
            source.kind === 'computed'
              ? 'Ô này do hệ thống tự tính; hãy để trống'
              : source.kind === 'fixed'
                ? 'Ô này có giá trị cố định của biểu mẫu và không được sửa'
                : 'Ô này bị khóa (không dùng trong biểu mẫu) và phải để trống',
        });
      }
    });
  });
  return errors.length ? { ok: false, errors } : { ok: true, inputs };
}
