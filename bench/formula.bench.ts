/**
 * The formula engine (packages/core/src/formula) on a generated numeric template of 300 rows × 8
 * columns with 600 formulas, against HyperFormula computing the same formulas, translated to A1,
 * on the same data in the same run. Both must give the same results (to 10 significant digits,
 * since HyperFormula computes in floats) or the run fails.
 *
 * Figures: milliseconds per full evaluation (ours: `evaluator.evaluate(inputs)` with every input
 * new; HyperFormula: every input cell set anew, by its fastest path, which recomputes every
 * formula), and milliseconds to compile the template (ours: `compileTemplate`; HyperFormula:
 * `buildFromArray`). HyperFormula is GPLv3, a root devDependency used by this file only.
 */
import { HyperFormula, type RawCellContent } from 'hyperformula';
import { parseFormula, type Node } from '../packages/core/src/formula/parser.js';
import { Dec } from '../packages/core/src/formula/values.js';
import type { TemplateGrid } from '../packages/core/src/templates/grid.js';
import { buildGridModel, codeKey, isSummableColumn, type GridModel } from '../packages/core/src/templates/grid-model.js';
import { compileOrThrow, generateData, generateTemplate, type Dataset } from './generated-template.js';
import { result, type Bench } from './measure.js';

const FORMULAS = 600; // % column on every row (300) + SUM(CHILDREN) on the 50 total rows × 6 columns (300)
// Raw float results: HyperFormula's default smartRounding rounds what it returns to 10 significant digits.
const HF_CONFIG = { licenseKey: 'gpl-v3', smartRounding: false };

const formulaBench: Bench = async (opts) => {
  const grid = generateTemplate();
  const model = buildGridModel(grid);
  const evaluator = compileOrThrow(grid);
  if (evaluator.computedCells.length !== FORMULAS) throw new Error(`Expected ${FORMULAS} formulas, compiled ${evaluator.computedCells.length}`);

  const datasets = [generateData(model, 1), generateData(model, 2)];
  const sheets = datasets.map((d) => toSheet(grid, model, d));
  const hf = HyperFormula.buildFromArray(sheets[0]!, HF_CONFIG);
  try {
    const sheetId = hf.getSheetId(hf.getSheetNames()[0]!)!;
    const hfInputs = datasets.map((d) => d.cells.map(({ r, c, value }) => ({ address: { sheet: sheetId, row: r, col: c }, value: value as RawCellContent })));
    // HyperFormula recomputes incrementally; for new figures in every input cell these are its two
    // fastest paths (a batch() of single-cell updates is ~10× slower still). The faster one is the baseline.
    const strategies: Record<string, (i: number) => void> = {
      'input cells set with evaluation suspended': (i) => {
        hf.suspendEvaluation();
        for (const x of hfInputs[i]!) hf.setCellContents(x.address, x.value);
        hf.resumeEvaluation();
      },
      'whole sheet set as one block': (i) => hf.setCellContents({ sheet: sheetId, row: 0, col: 0 }, sheets[i]!),
    };

    // Same results first: each data set through both engines and every HyperFormula path, every formula cell compared.
    const formulaCells = evaluator.computedCells.map((key) => ({ key, ...position(model, key) }));
    for (const [name, apply] of Object.entries(strategies)) {
      for (const [i, data] of datasets.entries()) {
        const mine = evaluator.evaluate(data.inputs);
        if (mine.violations.length || mine.diagnostics.length) throw new Error(`Unexpected findings: ${JSON.stringify([mine.violations, mine.diagnostics])}`);
        apply(i);
        for (const cell of formulaCells) {
          const a = mine.values[cell.key];
          const b = hf.getCellValue({ sheet: sheetId, row: cell.r, col: cell.c });
          if (typeof b !== 'number' || a === null || a === undefined || !sameAt10Digits(a, b)) {
            throw new Error(`Results differ at ${cell.key} (data set ${i + 1}, ${name}): ours ${a}, HyperFormula ${JSON.stringify(b)}`);
          }
        }
      }
    }

    let turn = 0;
    const ours = () => evaluator.evaluate(datasets[turn++ % 2]!.inputs);
    const [chosen, apply] = Object.entries(strategies)
      .map(([name, fn]) => [name, fn, perCall(timeFor(() => fn(turn++ % 2), 0.5))] as const)
      .sort((x, y) => x[2] - y[2])[0]!;
    const theirs = () => apply(turn++ % 2);
    process.stdout.write(`formula.bench.ts: HyperFormula baseline = ${chosen}\n`);

    const evaluation = alternate(ours, theirs, opts.seconds);
    const compile = alternate(
      () => compileOrThrow(grid),
      () => HyperFormula.buildFromArray(sheets[0]!, HF_CONFIG).destroy(),
      Math.max(1, opts.seconds / 2),
    );
    return [
      result('formula evaluate 300×8, 600 formulas', 'ms', evaluation.target, evaluation.baseline),
      result('formula compile 300×8, 600 formulas', 'ms', compile.target, compile.baseline),
    ];
  } finally {
    hf.destroy();
  }
};

export default formulaBench;

/**
 * Milliseconds per call of each, after a warm-up: 6 rounds of baseline, target, target, baseline,
 * `seconds` in all for each, and the median segment of each. Short alternating segments and the
 * median keep a burst of load from another process from landing on one side only.
 */
function alternate(target: () => unknown, baseline: () => unknown, seconds: number): { target: number; baseline: number } {
  timeFor(baseline, 0.5);
  timeFor(target, 0.5);
  const rounds = 6;
  const segment = seconds / (2 * rounds);
  const t: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    b.push(perCall(timeFor(baseline, segment)));
    t.push(perCall(timeFor(target, segment)), perCall(timeFor(target, segment)));
    b.push(perCall(timeFor(baseline, segment)));
  }
  return { target: median(t), baseline: median(b) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Milliseconds per call over several timed segments. */
function perCall(...segments: [number, number][]): number {
  return segments.reduce((s, [ms]) => s + ms, 0) / segments.reduce((s, [, n]) => s + n, 0);
}

/** Calls `fn` repeatedly for about `seconds`; returns [elapsed ms, calls]. */
function timeFor(fn: () => unknown, seconds: number): [number, number] {
  const start = performance.now();
  const until = start + seconds * 1000;
  let calls = 0;
  let now = start;
  while (now < until) {
    fn();
    calls++;
    now = performance.now();
  }
  return [now - start, calls];
}

/** The template as a HyperFormula sheet: formulas translated to A1 and rounded to their column's scale, as ours are. */
function toSheet(grid: TemplateGrid, model: GridModel, data: Dataset): RawCellContent[][] {
  const sheet: RawCellContent[][] = model.rows.map(() => model.columns.map(() => null));
  for (const { r, c, value } of data.cells) sheet[r]![c] = value;
  const put = (r: number, c: number, formula: string, axis: 'row' | 'column') => {
    const a1 = toA1(parseFormula(formula), { r, c }, axis, model);
    const scale = model.scales[c];
    sheet[r]![c] = scale === null || scale === undefined ? `=${a1}` : `=ROUND(${a1}, ${scale})`;
  };
  model.rows.forEach((row, r) => {
    if (row.formula) model.columns.forEach((col, c) => isSummableColumn(col) && put(r, c, row.formula!, 'row'));
  });
  grid.columns.forEach((col, c) => col.formula && model.rows.forEach((_, r) => put(r, c, col.formula!, 'column')));
  return sheet;
}

/** Translates our AST to an A1 formula at a cell; bare codes follow the formula's axis, CHILDREN lists the child cells. */
function toA1(node: Node, at: { r: number; c: number }, axis: 'row' | 'column', model: GridModel): string {
  const a1 = (r: number, c: number) => `${String.fromCharCode(65 + c)}${r + 1}`;
  const go = (n: Node): string => {
    switch (n.kind) {
      case 'number':
        return n.value;
      case 'ref':
        if (n.name === undefined) return a1(model.rowIndex.get(codeKey(n.row.code))!, model.columnIndex.get(codeKey(n.column.code))!);
        return axis === 'column' ? a1(at.r, model.columnIndex.get(codeKey(n.name.code))!) : a1(model.rowIndex.get(codeKey(n.name.code))!, at.c);
      case 'children':
        return model.children[at.r]!.map((r) => a1(r, at.c)).join(', ');
      case 'call':
        return `${n.name}(${n.args.map(go).join(', ')})`;
      case 'unary':
        return `(${n.op}${go(n.arg)})`;
      case 'binary':
        return `(${go(n.left)} ${n.op} ${go(n.right)})`;
      default:
        throw new Error(`No A1 translation for ${n.kind}`);
    }
  };
  return go(node);
}

function position(model: GridModel, key: string): { r: number; c: number } {
  const [row, column] = key.split('!') as [string, string];
  return { r: model.rowIndex.get(codeKey(row))!, c: model.columnIndex.get(codeKey(column))! };
}

/** Equal to 10 significant digits: within a relative 5·10^-11 (a float sum drifts far less; a misplaced cell or a different rounding far more). */
function sameAt10Digits(ours: string, theirs: number): boolean {
  const a = new Dec(ours);
  const b = new Dec(theirs);
  return a.minus(b).abs().lte(a.abs().times('5e-11'));
}
