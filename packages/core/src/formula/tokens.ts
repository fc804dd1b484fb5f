import { FormulaSyntaxError } from './errors.js';

export type TokenKind = 'number' | 'text' | 'name' | 'code' | 'op' | '(' | ')' | ',' | ':' | '!' | 'end';

/** A token with its span in the formula: `start` inclusive, `end` exclusive. */
export interface Token {
  kind: TokenKind;
  /** The number's digits, the text's content, the name or bracketed code, or the operator. */
  value: string;
  start: number;
  end: number;
}

const NAME = /[A-Za-z_][A-Za-z0-9_.]*/y;
const NUMBER = /\d+(\.\d+)?/y;
const OPERATORS = ['<=', '>=', '<>', '+', '-', '*', '/', '=', '<', '>'];
const PUNCTUATION = new Set(['(', ')', ',', ':', '!']);

/**
 * Splits a formula into tokens. Names start with a letter or `_`; a code that does not look like
 * a name (`01`, `1.1`, `A-1`) is written in brackets: `[1.1]`. Text is in double quotes, a quote
 * inside doubled (`"a ""b"""`). Throws FormulaSyntaxError with the offending span.
 */
export function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u00a0') {
      i++;
      continue;
    }
    if (ch === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= formula.length) throw new FormulaSyntaxError('Chuỗi văn bản chưa đóng dấu "', i, formula.length - i);
        if (formula[j] === '"') {
          if (formula[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          break;
        }
        value += formula[j];
        j++;
      }
      tokens.push({ kind: 'text', value, start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    if (ch === '[') {
      const close = formula.indexOf(']', i + 1);
      if (close < 0) throw new FormulaSyntaxError('Mã trong ngoặc vuông chưa đóng "]"', i, formula.length - i);
      const code = formula.slice(i + 1, close).trim();
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(code)) throw new FormulaSyntaxError('Mã trong ngoặc vuông không hợp lệ', i, close + 1 - i);
      tokens.push({ kind: 'code', value: code, start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    const name = match(NAME, formula, i);
    if (name) {
      tokens.push({ kind: 'name', value: name, start: i, end: i + name.length });
      i += name.length;
      continue;
    }
    const number = match(NUMBER, formula, i);
    if (number) {
      if (/[A-Za-z_]/.test(formula[i + number.length] ?? '')) {
        const rest = match(/[A-Za-z0-9_.]*/y, formula, i) ?? number;
        throw new FormulaSyntaxError(`"${rest}" không phải số; mã bắt đầu bằng chữ số phải viết trong ngoặc vuông, ví dụ [${rest}]`, i, rest.length);
      }
      tokens.push({ kind: 'number', value: number, start: i, end: i + number.length });
      i += number.length;
      continue;
    }
    const op = OPERATORS.find((o) => formula.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', value: op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    if (PUNCTUATION.has(ch)) {
      tokens.push({ kind: ch as TokenKind, value: ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    throw new FormulaSyntaxError(`Ký tự "${ch}" không dùng được trong công thức`, i, 1);
  }
  tokens.push({ kind: 'end', value: '', start: formula.length, end: formula.length });
  return tokens;
}

function match(re: RegExp, s: string, at: number): string | null {
  re.lastIndex = at;
  const m = re.exec(s);
  return m ? m[0] : null;
}
