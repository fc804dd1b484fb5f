import { describe, expect, it } from 'vitest';
import { FormulaSyntaxError } from './errors.js';
import { parseFormula, type Node } from './parser.js';
import { tokenize } from './tokens.js';

/** The AST as compact text, to assert precedence and shapes at a glance. */
function show(n: Node): string {
  switch (n.kind) {
    case 'number':
      return n.value;
    case 'text':
      return JSON.stringify(n.value);
    case 'boolean':
      return String(n.value).toUpperCase();
    case 'ref':
      return n.name ? n.name.code : `${n.row.code}!${n.column.code}`;
    case 'range':
      return `${show(n.from)}:${show(n.to)}`;
    case 'children':
      return 'CHILDREN';
    case 'call':
      return `${n.name}(${n.args.map(show).join(', ')})`;
    case 'unary':
      return `(${n.op}${show(n.arg)})`;
    case 'binary':
      return `(${show(n.left)} ${n.op} ${show(n.right)})`;
  }
}

function syntaxError(formula: string): { offset: number; length: number; message: string } {
  try {
    parseFormula(formula);
  } catch (e) {
    if (e instanceof FormulaSyntaxError) return { offset: e.offset, length: e.length, message: e.message };
    throw e;
  }
  throw new Error(`"${formula}" parsed`);
}

describe('tokenize', () => {
  it('reads names, bracketed codes, numbers, text with doubled quotes and two-character operators', () => {
    const tokens = tokenize('R1.1![1.1] <= 12.50 <> "a ""b"""');
    expect(tokens.map((t) => [t.kind, t.value, t.start, t.end])).toEqual([
      ['name', 'R1.1', 0, 4],
      ['!', '!', 4, 5],
      ['code', '1.1', 5, 10],
      ['op', '<=', 11, 13],
      ['number', '12.50', 14, 19],
      ['op', '<>', 20, 22],
      ['text', 'a "b"', 23, 32],
      ['end', '', 32, 32],
    ]);
  });
});

describe('parseFormula', () => {
  it.each([
    ['TH / KH * 100', '((TH / KH) * 100)'],
    ['A + B * C - D', '((A + (B * C)) - D)'],
    ['-A * -B', '((-A) * (-B))'],
    ['A + B <= C * 2', '((A + B) <= (C * 2))'],
    ['=R01 + R02 - R03', '((R01 + R02) - R03)'],
    ['sum(children) = r10!th', '(SUM(CHILDREN) = r10!th)'],
    ['SUM([01]:[05], R01!A:R05!C)', 'SUM(01:05, R01!A:R05!C)'],
    ['IF(ISBLANK(A), true, NOT(FALSE))', 'IF(ISBLANK(A), TRUE, NOT(FALSE))'],
    ['PREV(LK) + LASTYEAR([1.1]!TH)', '(PREV(LK) + LASTYEAR(1.1!TH))'],
    ['BLANK()', 'BLANK()'],
    ['(((1)))', '1'],
    ['"Hà Nội" = T', '("Hà Nội" = T)'],
  ])('%s', (formula, expected) => {
    expect(show(parseFormula(formula))).toBe(expected);
  });

  it('keeps source spans, parentheses included', () => {
    const ast = parseFormula('  (A + B) * ROUND(C, 2)');
    expect(ast).toMatchObject({ kind: 'binary', start: 2, end: 23, opStart: 10 });
    if (ast.kind !== 'binary') throw new Error('not binary');
    expect(ast.left).toMatchObject({ start: 2, end: 9 });
    expect(ast.right).toMatchObject({ kind: 'call', name: 'ROUND', start: 12, nameEnd: 17, end: 23 });
  });

  it.each([
    ['A +', 3, 0, 'kết thúc đột ngột'],
    ['A B', 2, 1, 'Không mong đợi "B"'],
    ['SUM(A, ', 7, 0, 'kết thúc đột ngột'],
    ['SUM(A', 0, 3, 'Thiếu dấu ")" của hàm SUM'],
    ['A!', 2, 0, 'Thiếu mã cột'],
    ['A:', 2, 0, 'Thiếu điểm cuối'],
    ['A:R1!B', 0, 6, 'cùng dạng'],
    ['[1.1', 0, 4, 'chưa đóng "]"'],
    ['[a b]', 0, 5, 'không hợp lệ'],
    ['A # 2', 2, 1, 'Ký tự "#"'],
    ['', 0, 0, 'trống'],
    ['5 %', 2, 1, 'Ký tự "%"'],
  ])('reports %j at its place', (formula, offset, length, message) => {
    const e = syntaxError(formula);
    expect([e.offset, e.length]).toEqual([offset, length]);
    expect(e.message).toContain(message);
  });
});
