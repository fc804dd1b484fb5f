/** Stable codes of design-time errors (compileTemplate) and runtime diagnostics (evaluate). */
export const TEMPLATE_ERROR_CODES = [
  // the grid itself
  'duplicate_code',
  'invalid_level',
  'invalid_column',
  'invalid_value',
  'no_children',
  'invalid_constraint',
  // formulas
  'syntax_error',
  'unknown_row',
  'unknown_column',
  'unknown_reference',
  'ambiguous_reference',
  'cell_reference_required',
  'unknown_function',
  'wrong_arity',
  'invalid_argument',
  'type_mismatch',
  'cycle',
] as const;
export type TemplateErrorCode = (typeof TEMPLATE_ERROR_CODES)[number];

/** Where an error is: the row, column or constraint it belongs to, and the span inside the formula. */
export interface ErrorPlace {
  row?: string;
  column?: string;
  constraintId?: string;
  /** The formula text ('' for a problem of the grid itself). */
  formula: string;
  /** 0-based offset of the offending token in `formula`, and its length. */
  offset: number;
  length: number;
}

export interface TemplateError {
  where: ErrorPlace;
  code: TemplateErrorCode;
  /** Vietnamese, for the designer; the UI acts on `code`. */
  message: string;
}

/** Builds an error, appending the 1-based position and the token to the message when inside a formula. */
export function templateError(code: TemplateErrorCode, where: ErrorPlace, message: string): TemplateError {
  if (!where.formula) return { where, code, message };
  const token = where.formula.slice(where.offset, where.offset + where.length);
  const at = where.length > 0 ? `ký tự ${where.offset + 1}, "${token}"` : `ký tự ${where.offset + 1}`;
  return { where, code, message: `${message} (${at})` };
}

/** The place of a problem of the grid itself, outside any formula. */
export function gridPlace(place: Omit<ErrorPlace, 'formula' | 'offset' | 'length'>): ErrorPlace {
  return { ...place, formula: '', offset: 0, length: 0 };
}

/** Thrown by the tokenizer and parser; compileTemplate turns it into a TemplateError. */
export class FormulaSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly length: number,
  ) {
    super(message);
  }
}
