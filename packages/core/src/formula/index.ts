export { compileTemplate, type CompileResult } from './compile.js';
export type { Diagnostic, Evaluation, EvaluationContext, Evaluator, Violation } from './evaluate.js';
export { TEMPLATE_ERROR_CODES, type ErrorPlace, type TemplateError, type TemplateErrorCode } from './errors.js';
export { FUNCTIONS } from './functions.js';
export { parseFormula, type Node as FormulaNode } from './parser.js';
export { tokenize, type Token as FormulaToken } from './tokens.js';
export { formatValue, parseCellValue, type CellValues } from './values.js';
