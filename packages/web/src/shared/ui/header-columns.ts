import type { GridColumn, GridRow } from '@baocao/core';
import type { TableColumnsType } from 'antd';

/** Merged multi-level headers from each column's headerPath: adjacent columns sharing a level share one cell. */
export function headerColumns(columns: GridColumn[], level: number, leaf: (c: GridColumn) => TableColumnsType<GridRow>[number]): TableColumnsType<GridRow> {
  const out: TableColumnsType<GridRow> = [];
  for (let i = 0; i < columns.length; ) {
    const col = columns[i]!;
    if (col.headerPath.length <= level + 1) {
      out.push({ ...leaf(col), title: col.headerPath[col.headerPath.length - 1] });
      i++;
      continue;
    }
    let j = i + 1;
    while (j < columns.length && columns[j]!.headerPath.length > level + 1 && columns[j]!.headerPath[level] === col.headerPath[level]) j++;
    out.push({ key: `g${level}-${i}`, title: col.headerPath[level], align: 'center', children: headerColumns(columns.slice(i, j), level + 1, leaf) });
    i = j;
  }
  return out;
}
