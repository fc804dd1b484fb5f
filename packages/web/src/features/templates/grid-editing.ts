import type { DesignProblem, DraftGrid } from './draft';
import type { FormulaCodes } from './formula-input';

/** Where the formula bar points: the formula of one row, column or special cell, or a constraint's expression. */
export type FormulaTarget = { kind: 'row' | 'column' | 'cell' | 'constraint'; key: string };

/** What every part of the grid editor gets: the draft, a way to change it, and its live problems. */
export type GridEditorProps = {
  grid: DraftGrid;
  update: (change: (grid: DraftGrid) => DraftGrid) => void;
  problems: DesignProblem[];
  codes: FormulaCodes;
  readOnly: boolean;
  onFocusFormula: (target: FormulaTarget) => void;
};

/** Moves item `index` by `delta` places; a copy, the original untouched. */
export function move<T>(items: T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (to < 0 || to >= items.length) return items;
  const copy = items.slice();
  const [item] = copy.splice(index, 1);
  copy.splice(to, 0, item!);
  return copy;
}

export function replaceAt<T>(items: T[], index: number, item: T): T[] {
  return items.map((old, i) => (i === index ? item : old));
}
