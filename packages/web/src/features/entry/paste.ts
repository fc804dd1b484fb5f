import { cellKey } from '@baocao/core';
import { i18n } from '../../shared/i18n';
import { parseEntry } from './cell-format';
import { cellLabel, type FormModel } from './form-model';

/** What Excel (or LibreOffice, Google Sheets) puts on the clipboard: rows by line, cells by tab. */
export function parseClipboardBlock(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  // A copied range ends with a line break; a lone trailing empty line is not a row.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => line.split('\t'));
}

export type PastePlan = { ok: true; changes: Record<string, string | null> } | { ok: false; reason: string };

/**
 * The changes a block pasted at (row, column) makes, or the reason the whole paste is refused: it
 * does not fit, it covers a cell that is not typed in, or one of its figures cannot be read.
 * Nothing is pasted by halves.
 */
export function planPaste(model: FormModel, block: string[][], start: { row: number; column: number }): PastePlan {
  const height = block.length;
  const width = Math.max(0, ...block.map((r) => r.length));
  if (height === 0 || width === 0 || (height === 1 && width === 1 && block[0]![0] === '')) return { ok: false, reason: i18n.t('entry.paste.empty') };
  const fitRows = model.rows.length - start.row;
  const fitColumns = model.columns.length - start.column;
  if (height > fitRows || width > fitColumns) {
    return { ok: false, reason: i18n.t('entry.paste.tooBig', { rows: height, columns: width, fitRows, fitColumns }) };
  }
  const changes: Record<string, string | null> = {};
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      const row = model.rows[start.row + i]!;
      const column = model.columns[start.column + j]!;
      const key = cellKey(row.code, column.code);
      const mode = model.modes.get(key) ?? 'input';
      if (mode !== 'input') {
        return { ok: false, reason: i18n.t('entry.paste.notInput', { cell: cellLabel(model, key), mode: i18n.t(`entry.legend.${mode}`).toLocaleLowerCase('vi') }) };
      }
      const parsed = parseEntry(column, block[i]![j] ?? '');
      if (!parsed.ok) return { ok: false, reason: i18n.t('entry.paste.invalid', { cell: cellLabel(model, key), message: parsed.message }) };
      changes[key] = parsed.value;
    }
  }
  return { ok: true, changes };
}
