export * from './grid.js';
export { findGridProblems, type GridProblem } from './grid-checks.js';
export { buildGridModel, columnScale, headerSpans, valueKind, type GridModel, type HeaderSpan, type ValueKind } from './grid-model.js';
export { TEMPLATE_TRANSITIONS, transitionGrant } from './lifecycle.js';
