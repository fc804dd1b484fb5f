import { gridPlace, templateError, type ErrorPlace, type TemplateError, type TemplateErrorCode } from '../formula/errors.js';
import { parseCellValue } from '../formula/values.js';
import type { TemplateGrid } from './grid.js';
import { buildGridModel, codeKey } from './grid-model.js';

/** A problem of the grid itself, with the zod path of the offending field. */
export type GridProblem = TemplateError & { path: (string | number)[] };

/**
 * Cross-field problems of a grid that its zod shape cannot see: duplicate codes, indent levels
 * that skip, references to unknown rows and columns, inconsistent column settings, fixed values
 * that do not fit their column. Formulas themselves are checked by compileTemplate.
 */
export function findGridProblems(grid: TemplateGrid): GridProblem[] {
  const problems: GridProblem[] = [];
  const add = (code: TemplateErrorCode, place: Omit<ErrorPlace, 'formula' | 'offset' | 'length'>, path: (string | number)[], message: string) =>
    problems.push({ ...templateError(code, gridPlace(place), message), path });
  const model = buildGridModel(grid);

  duplicates(grid.rows.map((r) => r.code)).forEach((i) => add('duplicate_code', { row: grid.rows[i]!.code }, ['rows', i, 'code'], `Mã dòng "${grid.rows[i]!.code}" bị trùng`));
  duplicates(grid.columns.map((c) => c.code)).forEach((i) =>
    add('duplicate_code', { column: grid.columns[i]!.code }, ['columns', i, 'code'], `Mã cột "${grid.columns[i]!.code}" bị trùng`),
  );
  const constraints = grid.constraints ?? [];
  duplicates(constraints.map((c) => c.id)).forEach((i) =>
    add('duplicate_code', { constraintId: constraints[i]!.id }, ['constraints', i, 'id'], `Mã ràng buộc "${constraints[i]!.id}" bị trùng`),
  );

  grid.rows.forEach((row, i) => {
    const previous = i === 0 ? -1 : grid.rows[i - 1]!.level;
    if (row.level > previous + 1) {
      add('invalid_level', { row: row.code }, ['rows', i, 'level'], `Dòng "${row.code}" thụt lề cấp ${row.level} nhưng dòng trên chỉ ở cấp ${previous < 0 ? 'nào' : previous}`);
    }
    if (row.formulaColumns && row.formula === undefined) {
      add('invalid_column', { row: row.code }, ['rows', i, 'formulaColumns'], `Dòng "${row.code}" chọn cột áp dụng công thức nhưng không có công thức`);
    }
    row.formulaColumns?.forEach((c, j) => unknownColumn(c, { row: row.code }, ['rows', i, 'formulaColumns', j]));
  });

  grid.columns.forEach((col, i) => {
    const at = { column: col.code };
    const numeric = model.kinds[i] === 'number';
    if (col.valueType === 'decimal' && col.scale === undefined) add('invalid_column', at, ['columns', i, 'scale'], `Cột "${col.code}" kiểu số thập phân cần số chữ số thập phân`);
    if (col.scale !== undefined && col.valueType !== 'decimal' && col.valueType !== 'percent') {
      add('invalid_column', at, ['columns', i, 'scale'], `Cột "${col.code}" không phải kiểu số thập phân nên không có số chữ số thập phân`);
    }
    const needsNumber = col.aggregation === 'sum' || col.aggregation === 'average' || col.aggregation === 'weighted_average';
    const needsOrder = col.aggregation === 'min' || col.aggregation === 'max';
    if ((needsNumber && !numeric) || (needsOrder && !numeric && model.kinds[i] !== 'date')) {
      add('invalid_column', at, ['columns', i, 'aggregation'], `Cột "${col.code}" kiểu ${col.valueType} không tổng hợp theo cách "${col.aggregation}" được`);
    }
    if (col.aggregation === 'formula' && col.formula === undefined) {
      add('invalid_column', at, ['columns', i, 'aggregation'], `Cột "${col.code}" tổng hợp bằng công thức nhưng không có công thức cột`);
    }
    if (col.aggregation === 'weighted_average') {
      const w = col.weightColumn === undefined ? undefined : model.columnIndex.get(codeKey(col.weightColumn));
      if (w === undefined || w === i || model.kinds[w] !== 'number') {
        add('invalid_column', at, ['columns', i, 'weightColumn'], `Cột "${col.code}" bình quân gia quyền cần một cột trọng số kiểu số khác cột này`);
      }
    } else if (col.weightColumn !== undefined) {
      add('invalid_column', at, ['columns', i, 'weightColumn'], `Cột "${col.code}" chỉ có cột trọng số khi tổng hợp theo bình quân gia quyền`);
    }
  });

  const seenCells = new Set<string>();
  (grid.cells ?? []).forEach((cell, i) => {
    const r = unknownRow(cell.row, {}, ['cells', i, 'row']);
    const c = unknownColumn(cell.column, {}, ['cells', i, 'column']);
    if (r === undefined || c === undefined) return;
    const key = `${r}:${c}`;
    if (seenCells.has(key)) add('duplicate_code', { row: cell.row, column: cell.column }, ['cells', i], `Ô ${cell.row}!${cell.column} được thiết lập hai lần`);
    seenCells.add(key);
    if (cell.mode === 'fixed') {
      const parsed = parseCellValue(cell.value, model.kinds[c]!, model.scales[c]!);
      if (!parsed.ok) add('invalid_value', { row: cell.row, column: cell.column }, ['cells', i, 'value'], `Ô ${cell.row}!${cell.column}: ${parsed.message}`);
    }
  });

  constraints.forEach((k, i) => {
    const at = { constraintId: k.id };
    const path = (...p: (string | number)[]) => ['constraints', i, ...p];
    if (k.kind === 'ytd' || k.kind === 'same_period') {
      const a = unknownColumn(k.column, at, path('column'));
      const b = unknownColumn(k.source, at, path('source'));
      if (a !== undefined && b !== undefined && (model.kinds[a] !== 'number' || model.kinds[b] !== 'number')) {
        add('type_mismatch', at, path('column'), `Ràng buộc "${k.id}": cột "${k.column}" và "${k.source}" phải là cột số`);
      }
    } else {
      k.columns?.forEach((c, j) => unknownColumn(c, at, path('columns', j)));
    }
    k.rows?.forEach((r, j) => {
      const index = unknownRow(r, at, path('rows', j));
      if (k.kind === 'sum_children' && index !== undefined && !model.children[index]!.length) {
        add('no_children', { ...at, row: r }, path('rows', j), `Ràng buộc "${k.id}": dòng "${r}" không có dòng con`);
      }
    });
    if (k.kind === 'formula') {
      const per = k.per ?? 'row';
      if ((per !== 'column' && k.columns) || (per !== 'row' && k.rows)) {
        const extra = per !== 'column' && k.columns ? 'columns' : 'rows';
        const scope = per === 'row' ? 'từng dòng' : per === 'column' ? 'từng cột' : 'toàn biểu mẫu';
        add('invalid_constraint', at, path(extra), `Ràng buộc "${k.id}" kiểm tra ${scope} nên không chọn ${extra === 'rows' ? 'dòng' : 'cột'}`);
      }
    }
    if (k.kind === 'range') {
      if (k.min === undefined && k.max === undefined) add('invalid_value', at, path('min'), `Ràng buộc "${k.id}" cần giá trị nhỏ nhất hoặc lớn nhất`);
      else if (k.min !== undefined && k.max !== undefined && compareDecimalText(k.min, k.max) > 0) {
        add('invalid_value', at, path('min'), `Ràng buộc "${k.id}": giá trị nhỏ nhất lớn hơn giá trị lớn nhất`);
      }
    }
  });
  return problems;

  function unknownRow(code: string, place: Omit<ErrorPlace, 'formula' | 'offset' | 'length'>, path: (string | number)[]): number | undefined {
    const index = model.rowIndex.get(codeKey(code));
    if (index === undefined) add('unknown_row', { ...place, row: code }, path, `Không có dòng "${code}" trong biểu mẫu`);
    return index;
  }
  function unknownColumn(code: string, place: Omit<ErrorPlace, 'formula' | 'offset' | 'length'>, path: (string | number)[]): number | undefined {
    const index = model.columnIndex.get(codeKey(code));
    if (index === undefined) add('unknown_column', { ...place, column: code }, path, `Không có cột "${code}" trong biểu mẫu`);
    return index;
  }
}

function duplicates(codes: string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  codes.forEach((c, i) => {
    const key = codeKey(c);
    if (seen.has(key)) out.push(i);
    seen.add(key);
  });
  return out;
}

function compareDecimalText(a: string, b: string): number {
  const x = parseCellValue(a, 'number', null);
  const y = parseCellValue(b, 'number', null);
  if (!x.ok || !y.ok || x.value === null || y.value === null || typeof x.value !== 'object' || typeof y.value !== 'object') return 0;
  return x.value.cmp(y.value);
}
